-- One row per heart-rate episode `lifemetrics watch` alerted (raw_oura.heart_rate_alerts, merged on its start).
with raw as {{ raw_table('raw_oura', 'heart_rate_alerts', {
    'started_at': 'timestamptz', 'ended_at': 'timestamptz', 'last_at': 'timestamptz', 'source': 'varchar',
    'rule': 'varchar', 'limit_bpm': 'double', 'peak_at': 'timestamptz', 'peak_bpm': 'integer',
    'samples': 'integer', '_dlt_load_id': 'varchar',
}) }}

select
    started_at,
    ended_at,
    last_at as last_high_at,
    source as heartrate_source,
    rule,
    limit_bpm,
    peak_at,
    peak_bpm,
    samples,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
