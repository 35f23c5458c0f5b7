-- One row per heart-rate episode `lifemetrics watch` alerted: its local day, start, peak and end (none while
-- it goes on), how long it lasted so far, the limit it crossed and the rule that set it.
select
    cast({{ local_time('started_at') }} as date) as day,
    started_at,
    ended_at,
    ended_at is null as ongoing,
    cast({{ seconds_between('started_at', 'coalesce(ended_at, last_high_at)') }} / 60 as integer) as minutes,
    heartrate_source,
    rule,
    limit_bpm,
    peak_bpm,
    peak_at,
    peak_bpm - limit_bpm as peak_above_limit_bpm,
    samples
from {{ ref('stg_oura__heart_rate_alerts') }}
