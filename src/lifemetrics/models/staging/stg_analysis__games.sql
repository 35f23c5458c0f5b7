-- One row per game the engine analysed (or found unreadable): which engine, which limit, when.
with raw as {{ raw_table('raw_analysis', 'games', {
    'uuid': 'varchar', 'player': 'varchar', 'status': 'varchar', 'detail': 'varchar', 'plies': 'integer',
    'positions': 'integer', 'engine': 'varchar', 'limit_nodes': 'integer', 'limit_depth': 'integer',
    'seconds': 'double', 'analysed_at': 'timestamptz', '_dlt_load_id': 'varchar',
}) }}

select
    uuid,
    lower(player) as analysed_for_player,
    status,
    detail,
    plies,
    positions,
    engine,
    limit_nodes,
    limit_depth,
    engine || ', ' || coalesce('depth ' || cast(limit_depth as {{ model_type('varchar') }}), cast(limit_nodes as {{ model_type('varchar') }}) || ' nodes') || ' per position' as analysed_with,
    seconds,
    analysed_at,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
