-- Every analysed position has exactly one evaluation: centipawns or moves to mate, never both, never neither.
select uuid, ply
from {{ ref('stg_analysis__moves') }}
where (eval_before_cp is null) = (eval_before_mate is null)
    or (eval_after_cp is null) = (eval_after_mate is null)
