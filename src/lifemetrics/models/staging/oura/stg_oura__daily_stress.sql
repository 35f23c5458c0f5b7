-- One row per day: time spent in high stress and high recovery (Oura reports seconds).
with raw as {{ raw_table('raw_oura', 'daily_stress', {
    'id': 'varchar', 'day': 'date', 'stress_high': 'integer', 'recovery_high': 'integer',
    'day_summary': 'varchar', '_dlt_load_id': 'varchar',
}) }}

select
    day,
    id as daily_stress_id,
    stress_high as stress_high_seconds,
    recovery_high as recovery_high_seconds,
    day_summary as stress_day_summary,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
