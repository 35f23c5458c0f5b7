-- One row per analysed half-move (ply) of a game: the engine's evaluations before and after it, from
-- white's side (centipawns or moves to mate, never both), and its best move in the position before.
with raw as {{ raw_table('raw_analysis', 'moves', {
    'uuid': 'varchar', 'ply': 'integer', 'colour': 'varchar', 'san': 'varchar', 'uci': 'varchar',
    'clock_seconds': 'double', 'pieces_before': 'integer', 'eval_before_cp': 'integer',
    'eval_before_mate': 'integer', 'best_move_uci': 'varchar', 'best_move_san': 'varchar',
    'eval_after_cp': 'integer', 'eval_after_mate': 'integer', '_dlt_load_id': 'varchar',
}) }}

select
    uuid,
    ply,
    colour,
    san,
    uci,
    clock_seconds,
    pieces_before,
    eval_before_cp,
    eval_before_mate,
    best_move_uci,
    best_move_san,
    eval_after_cp,
    eval_after_mate,
    {{ loaded_at('_dlt_load_id') }} as _loaded_at
from raw
