-- Each game's blunders, mistakes and inaccuracies are its moves' judgements, side by side, and its plies
-- are the tracked player's moves plus the opponent's.
with counted as (
    select
        player,
        uuid,
        count(*) as plies,
        count(*) filter (where is_my_move and classification = 'blunder') as my_blunders,
        count(*) filter (where is_my_move and classification = 'mistake') as my_mistakes,
        count(*) filter (where is_my_move and classification = 'inaccuracy') as my_inaccuracies,
        count(*) filter (where not is_my_move and classification = 'blunder') as opponent_blunders,
        count(*) filter (where not is_my_move and classification = 'mistake') as opponent_mistakes,
        count(*) filter (where not is_my_move and classification = 'inaccuracy') as opponent_inaccuracies,
        count(*) filter (where is_my_move) + count(*) filter (where not is_my_move) as moves_of_both_sides
    from {{ ref('fct_chess_moves') }}
    group by player, uuid
)

select analysed.player, analysed.uuid
from {{ ref('fct_chess_game_analysis') }} as analysed
inner join counted on counted.player = analysed.player and counted.uuid = analysed.uuid
where analysed.plies <> counted.plies
    or counted.moves_of_both_sides <> counted.plies
    or analysed.my_blunders <> counted.my_blunders
    or analysed.my_mistakes <> counted.my_mistakes
    or analysed.my_inaccuracies <> counted.my_inaccuracies
    or analysed.opponent_blunders <> counted.opponent_blunders
    or analysed.opponent_mistakes <> counted.opponent_mistakes
    or analysed.opponent_inaccuracies <> counted.opponent_inaccuracies
