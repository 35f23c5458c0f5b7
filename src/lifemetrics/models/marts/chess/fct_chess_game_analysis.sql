-- One row per analysed game (with at least one move) of each tracked player: Lichess's game accuracy for
-- both sides, their blunders, mistakes and inaccuracies, average centipawn loss, and the tracked player's
-- first mistake or blunder.
with moves as (
    select * from {{ ref('fct_chess_moves') }}
),

games as (
    select player, uuid, count(*) as plies, cast(least(greatest(floor(count(*) / 10.0), 2), 8) as integer) as window_size
    from moves
    group by player, uuid
),

-- white's Win% at every position: the start (position 0), then after each ply
positions as (
    select player, uuid, 0 as position,
        case when colour = 'white' then win_percent_before else 100 - win_percent_before end as white_win_percent
    from moves
    where ply = 1
    union all
    select player, uuid, ply,
        case when colour = 'white' then win_percent_after else 100 - win_percent_after end
    from moves
),

-- Lichess weighs each move by how volatile the game was around it: the standard deviation of white's Win%
-- over a window of positions (window_size wide, the first windows all starting at the start), in 0.5-12
volatility as (
    select moves.player, moves.uuid, moves.ply,
        least(12, greatest(0.5, stddev_pop(positions.white_win_percent))) as weight
    from moves
    inner join games on games.player = moves.player and games.uuid = moves.uuid
    inner join positions
        on positions.player = moves.player and positions.uuid = moves.uuid
        and positions.position between greatest(0, moves.ply - games.window_size + 1)
            and greatest(games.window_size - 1, moves.ply)
    group by moves.player, moves.uuid, moves.ply
),

-- per side: the mean of the volatility-weighted mean and the harmonic mean of its moves' accuracies
sides as (
    select
        moves.player,
        moves.uuid,
        moves.is_my_move,
        (sum(moves.move_accuracy * volatility.weight) / sum(volatility.weight)
            + count(*) / sum(1 / greatest(1, moves.move_accuracy))) / 2 as accuracy,
        count(*) filter (where moves.classification = 'blunder') as blunders,
        count(*) filter (where moves.classification = 'mistake') as mistakes,
        count(*) filter (where moves.classification = 'inaccuracy') as inaccuracies,
        avg(moves.centipawn_loss) as average_centipawn_loss,
        min(moves.ply) filter (where moves.classification in ('mistake', 'blunder')) as first_mistake_ply
    from moves
    inner join volatility
        on volatility.player = moves.player and volatility.uuid = moves.uuid and volatility.ply = moves.ply
    group by moves.player, moves.uuid, moves.is_my_move
)

select
    games.player,
    games.uuid,
    games.plies,
    mine.accuracy as my_engine_accuracy,
    theirs.accuracy as opponent_engine_accuracy,
    coalesce(mine.blunders, 0) as my_blunders,
    coalesce(mine.mistakes, 0) as my_mistakes,
    coalesce(mine.inaccuracies, 0) as my_inaccuracies,
    coalesce(theirs.blunders, 0) as opponent_blunders,
    coalesce(theirs.mistakes, 0) as opponent_mistakes,
    coalesce(theirs.inaccuracies, 0) as opponent_inaccuracies,
    mine.average_centipawn_loss as my_average_centipawn_loss,
    theirs.average_centipawn_loss as opponent_average_centipawn_loss,
    mine.first_mistake_ply as my_first_mistake_ply,
    first_mistake.classification as my_first_mistake_classification,
    first_mistake.clock_seconds as my_first_mistake_clock_seconds,
    first_mistake.phase as my_first_mistake_phase,
    analysis.analysed_with
from games
left join sides as mine on mine.player = games.player and mine.uuid = games.uuid and mine.is_my_move
left join sides as theirs on theirs.player = games.player and theirs.uuid = games.uuid and not theirs.is_my_move
left join moves as first_mistake
    on first_mistake.player = games.player and first_mistake.uuid = games.uuid
    and first_mistake.ply = mine.first_mistake_ply
inner join {{ ref('stg_analysis__games') }} as analysis on analysis.uuid = games.uuid
