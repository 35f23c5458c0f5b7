-- The incremental fact table holds every staged game (a late game or a missed load would be missing).
select staged.player, staged.uuid
from {{ ref('stg_chess_com__games') }} as staged
left join {{ ref('fct_chess_games') }} as games
    on games.player = staged.player and games.uuid = staged.uuid
where games.uuid is null
    or games.end_time <> staged.end_time
