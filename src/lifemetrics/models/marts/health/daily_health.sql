-- One row per local day: resilience, sleep and readiness scores with their contributors, heart rate
-- while awake and at rest, the main sleep period's stages, bedtimes and measured values, activity,
-- blood oxygen, and time in high stress / recovery.
-- Incremental: every day with a newly loaded (or revised) Oura document is recomputed from all sources,
-- and so is a day whose main sleep period Oura has since filed under another day, or that holds fewer
-- documents than when built (one removed upstream or set aside by its row checks). A recomputed day left
-- without any document is deleted afterwards (post-hook), as a full refresh would never create it.
{{ config(
    materialized='incremental',
    unique_key=['day'],
    incremental_strategy=replace_by_key_strategy(),
    on_schema_change='fail',
    post_hook="delete from {{ this }} where _documents = 0",
) }}

with resilience as (select * from {{ ref('stg_oura__daily_resilience') }}),
sleep_scores as (select * from {{ ref('stg_oura__daily_sleep') }}),
readiness as (select * from {{ ref('stg_oura__daily_readiness') }}),
stress as (select * from {{ ref('stg_oura__daily_stress') }}),
activity as (select * from {{ ref('stg_oura__daily_activity') }}),
spo2 as (select * from {{ ref('stg_oura__daily_spo2') }}),
sleep_periods as (select * from {{ ref('stg_oura__sleep') }}),

heart_rate as (
    select
        day,
        avg(bpm) filter (where heartrate_source = 'awake') as avg_awake_bpm,
        avg(bpm) filter (where heartrate_source = 'rest') as avg_rest_bpm,
        max(_loaded_at) as _loaded_at
    from {{ ref('stg_oura__heartrate') }}
    group by day
),

-- the day's main sleep period: its longest long sleep (naps and rests carry their own, lower values)
main_sleep as (
    select *
    from (
        select
            *,
            row_number() over (
                partition by day order by total_sleep_seconds desc nulls last, sleep_period_id
            ) as period_rank
        from sleep_periods
        where sleep_type = 'long_sleep'
    ) as ranked_periods
    where period_rank = 1
),

documents as (
    select day, _loaded_at from resilience
    union all select day, _loaded_at from sleep_scores
    union all select day, _loaded_at from readiness
    union all select day, _loaded_at from stress
    union all select day, _loaded_at from activity
    union all select day, _loaded_at from spo2
    union all select day, _loaded_at from heart_rate
    union all select day, _loaded_at from sleep_periods
),

documents_per_day as (
    select day, count(*) as rows
    from documents
    where day is not null
    group by day
),

-- days to recompute: those with a document loaded after the last build ...
touched_days as (
    select day, max(_loaded_at) as _loaded_at
    from documents
    where day is not null and {{ loaded_after_watermark() }}
    group by day
    {%- if is_incremental() %}
    -- ... and those whose main sleep period now belongs to another day, as of that period's load
    union all
    select built.day, sleep_periods._loaded_at
    from {{ this }} as built
    left join sleep_periods on sleep_periods.sleep_period_id = built._main_sleep_period_id
    where built._main_sleep_period_id is not null and sleep_periods.day is distinct from built.day
    -- ... and those holding fewer documents than when built
    union all
    select fewer.day, null
    from ({{ groups_with_changed_counts('documents_per_day', ['day'], '_documents') }}) as fewer
    {%- endif %}
),

-- how many documents each recomputed day has now, and the newest load that touched it (the monthly
-- table recomputes the months of days loaded after its own watermark)
day_documents as (
    select
        touched.day,
        count(documents.day) as _documents,
        coalesce(greatest(max(documents._loaded_at), max(touched._loaded_at)), max(documents._loaded_at), max(touched._loaded_at)) as _loaded_at
    from (select day, max(_loaded_at) as _loaded_at from touched_days group by day) as touched
    left join documents on documents.day = touched.day
    group by touched.day
)

select
    cast(year(day_documents.day) as integer) as year,
    cast(month(day_documents.day) as integer) as month,
    day_documents.day,
    resilience.resilience_level,
    cast(resilience.sleep_recovery as double) as sleep_recovery,
    cast(resilience.daytime_recovery as double) as daytime_recovery,
    cast(resilience.stress as double) as stress,
    cast(sleep_scores.sleep_score as double) as sleep_score,
    cast(sleep_scores.deep_sleep as double) as deep_sleep,
    cast(sleep_scores.efficiency as double) as efficiency,
    cast(sleep_scores.latency as double) as latency,
    cast(sleep_scores.rem_sleep as double) as rem_sleep,
    cast(sleep_scores.restfulness as double) as restfulness,
    cast(sleep_scores.timing as double) as timing,
    cast(sleep_scores.total_sleep as double) as total_sleep,
    cast(heart_rate.avg_awake_bpm as double) as avg_awake_bpm,
    cast(heart_rate.avg_rest_bpm as double) as avg_rest_bpm,
    cast(readiness.readiness_score as double) as readiness_score,
    cast(readiness.activity_balance as double) as activity_balance,
    cast(readiness.body_temperature as double) as body_temperature,
    cast(readiness.hrv_balance as double) as hrv_balance,
    cast(readiness.recovery_index as double) as recovery_index,
    cast(readiness.resting_heart_rate as double) as resting_heart_rate,
    cast(readiness.sleep_balance as double) as sleep_balance,
    cast(main_sleep.lowest_heart_rate as double) as lowest_heart_rate,
    cast(main_sleep.average_hrv as double) as average_hrv,
    cast(stress.stress_high_seconds as double) / 60 as stress_high_minutes,
    cast(stress.recovery_high_seconds as double) / 60 as recovery_high_minutes,
    stress.stress_day_summary,
    cast(main_sleep.total_sleep_seconds as integer) as total_sleep_seconds,
    cast(main_sleep.deep_sleep_seconds as integer) as deep_sleep_seconds,
    cast(main_sleep.rem_sleep_seconds as integer) as rem_sleep_seconds,
    cast(main_sleep.light_sleep_seconds as integer) as light_sleep_seconds,
    cast(main_sleep.awake_seconds as integer) as awake_seconds,
    main_sleep.bedtime_start_local as bedtime_start,
    main_sleep.bedtime_end_local as bedtime_end,
    cast(main_sleep.sleep_efficiency_percent as double) as sleep_efficiency_percent,
    cast(main_sleep.average_breath as double) as average_breath,
    cast(main_sleep.average_heart_rate as double) as avg_sleep_bpm,
    cast(readiness.temperature_deviation as double) as temperature_deviation,
    cast(activity.steps as integer) as steps,
    cast(activity.active_calories as integer) as active_calories,
    cast(spo2.spo2_average_percent as double) as spo2_average,
    cast(readiness.previous_night as double) as previous_night,
    cast(readiness.previous_day_activity as double) as previous_day_activity,
    main_sleep.sleep_period_id as _main_sleep_period_id,
    day_documents._documents,
    day_documents._loaded_at
from day_documents
left join resilience on resilience.day = day_documents.day
left join sleep_scores on sleep_scores.day = day_documents.day
left join readiness on readiness.day = day_documents.day
left join stress on stress.day = day_documents.day
left join activity on activity.day = day_documents.day
left join spo2 on spo2.day = day_documents.day
left join heart_rate on heart_rate.day = day_documents.day
left join main_sleep on main_sleep.day = day_documents.day
