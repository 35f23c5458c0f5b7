-- One row per heart-rate sample, with its local day in LIFEMETRICS_TIMEZONE.
with raw as {{ raw_table('raw_oura', 'heartrate', {
    'timestamp': 'timestamptz', 'bpm': 'integer', 'source': 'varchar', '_dlt_load_id': 'varchar',
}) }}

select
    {{ adapter.quote('timestamp') }} as measured_at,
    cast({{ local_time(adapter.quote('timestamp')) }} as date) as day,
    bpm,
    source as heartrate_source,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
