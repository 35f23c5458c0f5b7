-- One row per month: averages of the daily scores and heart rates, and each day's details.
-- Incremental: every month with a recomputed day, or whose days hold fewer documents than when built, is
-- recomputed from all of its days; a month left without days is deleted.
{{ config(
    materialized='incremental',
    unique_key=['year', 'month'],
    incremental_strategy=replace_by_key_strategy(),
    on_schema_change='fail',
    post_hook="{{ delete_vanished_rows(ref('daily_health'), ['year', 'month']) }}",
) }}

with days as (
    select * from {{ ref('daily_health') }}
),

documents_per_month as (
    select year, month, sum(_documents) as rows
    from days
    group by year, month
),

touched_months as (
    select year, month
    from days
    where {{ loaded_after_watermark() }}
    union
    {{ groups_with_changed_counts('documents_per_month', ['year', 'month'], '_documents') }}
)

select
    year,
    month,
    -- averages in day order: floating-point sums then never depend on how the rows were stored
    {{ ordered_avg('stress', 'day') }} as avg_stress,
    {{ ordered_avg('sleep_score', 'day') }} as avg_sleep_score,
    {{ ordered_avg('avg_awake_bpm', 'day') }} as avg_awake_bpm,
    {{ ordered_avg('avg_rest_bpm', 'day') }} as avg_rest_bpm,
    {{ ordered_avg('readiness_score', 'day') }} as avg_readiness_score,
    {%- set details = [('day', 'day', 'date'), ('resilience_level', 'resilience_level', 'varchar')] %}
    {%- for metric in [
        'sleep_recovery', 'daytime_recovery', 'stress', 'sleep_score', 'deep_sleep', 'efficiency',
        'latency', 'rem_sleep', 'restfulness', 'timing', 'total_sleep', 'avg_awake_bpm',
        'avg_rest_bpm', 'readiness_score', 'activity_balance', 'body_temperature', 'hrv_balance',
        'recovery_index', 'resting_heart_rate', 'sleep_balance'] %}
    {%- do details.append((metric, metric, 'decimal(10, 0)')) %}
    {%- endfor %}
    {{ ordered_structs(details, 'day') }} as daily_details,
    sum(_documents) as _documents,
    max(_loaded_at) as _loaded_at
from days
inner join touched_months using (year, month)
group by year, month
