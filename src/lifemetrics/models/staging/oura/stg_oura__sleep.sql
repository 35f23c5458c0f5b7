-- One row per sleep period (a night or a nap): measured heart rate and HRV, durations in seconds.
with raw as {{ raw_table('raw_oura', 'sleep', {
    'id': 'varchar', 'day': 'date', 'type': 'varchar', 'bedtime_start': 'timestamptz',
    'bedtime_end': 'timestamptz', 'total_sleep_duration': 'integer', 'lowest_heart_rate': 'integer',
    'average_hrv': 'double', 'average_heart_rate': 'double', 'efficiency': 'integer',
    '_dlt_load_id': 'varchar',
}) }}

select
    id as sleep_period_id,
    day,
    type as sleep_type,
    bedtime_start,
    bedtime_end,
    total_sleep_duration as total_sleep_seconds,
    lowest_heart_rate,
    average_hrv,
    average_heart_rate,
    efficiency as sleep_efficiency_percent,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
