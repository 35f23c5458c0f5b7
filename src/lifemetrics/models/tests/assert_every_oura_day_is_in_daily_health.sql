-- daily_health has a row for every day of every daily Oura document (one row per day: unique test).
with oura_days as (
    select day from {{ ref('stg_oura__daily_sleep') }}
    union select day from {{ ref('stg_oura__daily_readiness') }}
    union select day from {{ ref('stg_oura__daily_resilience') }}
    union select day from {{ ref('stg_oura__daily_stress') }}
)

select oura_days.day
from oura_days
left join {{ ref('daily_health') }} as daily_health on daily_health.day = oura_days.day
where daily_health.day is null
