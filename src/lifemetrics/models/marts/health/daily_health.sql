-- One row per local day: resilience, sleep and readiness scores with their contributors, heart rate
-- while awake and at rest, the main sleep period's measured values, and time in high stress / recovery.
-- Incremental: every day with a newly loaded (or revised) Oura document, or one fewer, is recomputed from
-- all sources; a day left without documents is deleted.
{{ config(
    materialized='incremental',
    unique_key=['day'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ delete_vanished_rows(oura_document_days(), ['day']) }}",
) }}

with resilience as (select * from {{ ref('stg_oura__daily_resilience') }}),
sleep_scores as (select * from {{ ref('stg_oura__daily_sleep') }}),
readiness as (select * from {{ ref('stg_oura__daily_readiness') }}),
stress as (select * from {{ ref('stg_oura__daily_stress') }}),

heart_rate as (
    select
        day,
        avg(bpm) filter (where heartrate_source = 'awake') as avg_awake_bpm,
        avg(bpm) filter (where heartrate_source in ('rest', 'sleep')) as avg_rest_bpm,
        count(*) as samples,
        max(_loaded_at) as _loaded_at
    from {{ ref('stg_oura__heartrate') }}
    group by day
),

-- the day's main sleep period: its longest long sleep (naps and rests carry their own, lower values)
main_sleep as (
    select *
    from {{ ref('stg_oura__sleep') }}
    where sleep_type = 'long_sleep'
    qualify row_number() over (partition by day order by total_sleep_seconds desc nulls last, sleep_period_id) = 1
),

documents as (
    select day, _loaded_at, 1 as rows from resilience
    union all select day, _loaded_at, 1 from sleep_scores
    union all select day, _loaded_at, 1 from readiness
    union all select day, _loaded_at, 1 from stress
    union all select day, _loaded_at, samples from heart_rate
    union all select day, _loaded_at, 1 from {{ ref('stg_oura__sleep') }}
),

-- every day's documents (heart-rate samples counted one by one) and the newest load among them
day_documents as (
    select day, cast(sum(rows) as bigint) as rows, max(_loaded_at) as _loaded_at
    from documents
    where day is not null
    group by day
),

-- days with a document loaded after the last build, or fewer documents than when built
touched_days as (
    select day_documents.*
    from day_documents
    where day in (
        select day from documents where day is not null and {{ loaded_after_watermark() }}
        union
        {{ groups_with_changed_counts('day_documents', ['day'], '_documents') }}
    )
)

select
    cast(year(touched_days.day) as integer) as year,
    cast(month(touched_days.day) as integer) as month,
    touched_days.day,
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
    cast(stress.stress_high_seconds / 60 as double) as stress_high_minutes,
    cast(stress.recovery_high_seconds / 60 as double) as recovery_high_minutes,
    stress.stress_day_summary,
    touched_days.rows as _documents,
    touched_days._loaded_at
from touched_days
left join resilience on resilience.day = touched_days.day
left join sleep_scores on sleep_scores.day = touched_days.day
left join readiness on readiness.day = touched_days.day
left join stress on stress.day = touched_days.day
left join heart_rate on heart_rate.day = touched_days.day
left join main_sleep on main_sleep.day = touched_days.day
