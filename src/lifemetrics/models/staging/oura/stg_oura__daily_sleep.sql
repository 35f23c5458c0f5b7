-- One row per day: Oura's sleep score and its contributor scores (1-100).
with raw as {{ raw_table('raw_oura', 'daily_sleep', {
    'id': 'varchar', 'day': 'date', 'score': 'integer', 'timestamp': 'timestamptz',
    'contributors__deep_sleep': 'integer', 'contributors__efficiency': 'integer',
    'contributors__latency': 'integer', 'contributors__rem_sleep': 'integer',
    'contributors__restfulness': 'integer', 'contributors__timing': 'integer',
    'contributors__total_sleep': 'integer', '_dlt_load_id': 'varchar',
}) }}

select
    day,
    id as daily_sleep_id,
    score as sleep_score,
    contributors__deep_sleep as deep_sleep,
    contributors__efficiency as efficiency,
    contributors__latency as latency,
    contributors__rem_sleep as rem_sleep,
    contributors__restfulness as restfulness,
    contributors__timing as timing,
    contributors__total_sleep as total_sleep,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
