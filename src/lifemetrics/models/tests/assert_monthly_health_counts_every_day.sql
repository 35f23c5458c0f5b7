-- Each month of agg_monthly_health details exactly the days daily_health has in that month.
with days_per_month as (
    select year, month, count(*) as days
    from {{ ref('daily_health') }}
    group by year, month
)

select *
from days_per_month
full outer join {{ ref('agg_monthly_health') }} as monthly using (year, month)
where days_per_month.days is distinct from {{ array_length('monthly.daily_details') }}
