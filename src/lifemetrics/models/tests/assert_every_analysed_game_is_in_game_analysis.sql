-- Each tracked player's analysed games with at least one move have their row in fct_chess_game_analysis,
-- and no other game has one.
with expected as (
    select games.player, games.uuid
    from {{ ref('stg_chess_com__games') }} as games
    inner join {{ ref('stg_analysis__games') }} as analysis
        on analysis.uuid = games.uuid and analysis.status = 'analysed' and analysis.plies > 0
)

select coalesce(expected.player, analysed.player) as player, coalesce(expected.uuid, analysed.uuid) as uuid
from expected
full outer join {{ ref('fct_chess_game_analysis') }} as analysed
    on analysed.player = expected.player and analysed.uuid = expected.uuid
where expected.uuid is null or analysed.uuid is null
