-- daily_health holds only days some Oura document is still staged for (a removed one would linger).
select daily_health.day
from {{ ref('daily_health') }} as daily_health
where daily_health.day not in (select day from {{ oura_document_days() }} as document_days where day is not null)
