-- One row per day: average blood-oxygen saturation during sleep.
with raw as {{ raw_table('raw_oura', 'daily_spo2', {
    'id': 'varchar', 'day': 'date', 'spo2_percentage__average': 'double', '_dlt_load_id': 'varchar',
}) }}

select
    day,
    id as daily_spo2_id,
    spo2_percentage__average as spo2_average_percent,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
