-- One row per day: Oura's activity score, steps and active calories.
with raw as {{ raw_table('raw_oura', 'daily_activity', {
    'id': 'varchar', 'day': 'date', 'score': 'integer', 'steps': 'integer',
    'active_calories': 'integer', '_dlt_load_id': 'varchar',
}) }}

select
    day,
    id as daily_activity_id,
    score as activity_score,
    steps,
    active_calories,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
