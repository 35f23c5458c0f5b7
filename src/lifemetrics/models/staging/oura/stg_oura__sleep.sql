-- One row per sleep period (a night or a nap): measured heart rate, HRV and breath, durations in seconds,
-- bedtimes as instants and as the wall-clock time Oura wrote them in (the wearer's own offset that night).
with raw as {{ raw_table('raw_oura', 'sleep', {
    'id': 'varchar', 'day': 'date', 'type': 'varchar', 'bedtime_start': 'varchar',
    'bedtime_end': 'varchar', 'total_sleep_duration': 'integer', 'deep_sleep_duration': 'integer',
    'rem_sleep_duration': 'integer', 'light_sleep_duration': 'integer', 'awake_time': 'integer',
    'lowest_heart_rate': 'integer', 'average_hrv': 'double', 'average_heart_rate': 'double',
    'average_breath': 'double', 'efficiency': 'integer', '_dlt_load_id': 'varchar',
}) }}

select
    id as sleep_period_id,
    day,
    type as sleep_type,
    {{ cast_to('bedtime_start', 'timestamptz') }} as bedtime_start,
    {{ cast_to('bedtime_end', 'timestamptz') }} as bedtime_end,
    {{ local_wall_clock('bedtime_start') }} as bedtime_start_local,
    {{ local_wall_clock('bedtime_end') }} as bedtime_end_local,
    total_sleep_duration as total_sleep_seconds,
    deep_sleep_duration as deep_sleep_seconds,
    rem_sleep_duration as rem_sleep_seconds,
    light_sleep_duration as light_sleep_seconds,
    awake_time as awake_seconds,
    lowest_heart_rate,
    average_hrv,
    average_heart_rate,
    average_breath,
    efficiency as sleep_efficiency_percent,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
