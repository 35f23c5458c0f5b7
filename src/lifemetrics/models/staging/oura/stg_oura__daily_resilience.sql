-- One row per day: Oura's resilience level and its contributors (0-100).
with raw as {{ raw_table('raw_oura', 'daily_resilience', {
    'id': 'varchar', 'day': 'date', 'level': 'varchar',
    'contributors__sleep_recovery': 'double', 'contributors__daytime_recovery': 'double',
    'contributors__stress': 'double', '_dlt_load_id': 'varchar',
}) }}

select
    day,
    id as daily_resilience_id,
    level as resilience_level,
    contributors__sleep_recovery as sleep_recovery,
    contributors__daytime_recovery as daytime_recovery,
    contributors__stress as stress,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
