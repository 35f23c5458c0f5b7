-- The incremental fact table holds only staged games (a game removed upstream or set aside would linger).
select games.player, games.uuid
from {{ ref('fct_chess_games') }} as games
left join {{ ref('stg_chess_com__games') }} as staged
    on staged.player = games.player and staged.uuid = games.uuid
where staged.uuid is null
