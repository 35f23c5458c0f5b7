-- Every analysed game has all of its moves, plies 1..n with none missing, in raw and for every tracked
-- player of the game in fct_chess_moves.
with staged as (
    select analysis.uuid, analysis.plies, count(moves.ply) as moves, coalesce(max(moves.ply), 0) as last_ply
    from {{ ref('stg_analysis__games') }} as analysis
    left join {{ ref('stg_analysis__moves') }} as moves on moves.uuid = analysis.uuid
    where analysis.status = 'analysed'
    group by analysis.uuid, analysis.plies
),

published as (
    select player, uuid, count(*) as moves, max(ply) as last_ply
    from {{ ref('fct_chess_moves') }}
    group by player, uuid
)

select 'raw' as layer, uuid, plies, moves, last_ply
from staged
where moves <> plies or last_ply <> plies
union all
select 'fct_chess_moves', published.uuid, staged.plies, published.moves, published.last_ply
from published
left join staged on staged.uuid = published.uuid
where staged.uuid is null or published.moves <> staged.plies or published.last_ply <> staged.plies
