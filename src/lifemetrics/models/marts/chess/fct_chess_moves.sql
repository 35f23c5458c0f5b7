-- One row per move of every analysed game of each tracked player: the engine's evaluations before and after
-- it (white's side), the mover's Win% before and after (Lichess), the move's accuracy, its centipawn loss,
-- Lichess's judgement, the clock, the phase and a link to the game at that move.
with analysed_games as (
    select
        games.player,
        games.uuid,
        games.url,
        case when lower(games.white_username) = games.player then 'white' else 'black' end as my_color
    from {{ ref('stg_chess_com__games') }} as games
    inner join {{ ref('stg_analysis__games') }} as analysis
        on analysis.uuid = games.uuid and analysis.status = 'analysed'
),

seen_by_mover as (
    select
        *,
        case when colour = 'white' then 1 else -1 end * eval_before_cp as mover_before_cp,
        case when colour = 'white' then 1 else -1 end * eval_before_mate as mover_before_mate,
        case when colour = 'white' then 1 else -1 end * eval_after_cp as mover_after_cp,
        case when colour = 'white' then 1 else -1 end * eval_after_mate as mover_after_mate
    from {{ ref('stg_analysis__moves') }}
),

scored as (
    select
        *,
        {{ lichess_win_percent('mover_before_cp', 'mover_before_mate') }} as win_percent_before,
        {{ lichess_win_percent('mover_after_cp', 'mover_after_mate') }} as win_percent_after,
        {{ capped_centipawns('mover_before_cp', 'mover_before_mate') }}
            - {{ capped_centipawns('mover_after_cp', 'mover_after_mate') }} as centipawn_drop
    from seen_by_mover
),

judged as (
    select
        *,
        greatest(0, win_percent_before - win_percent_after) as win_percent_loss,
        {{ lichess_judgement('greatest(0, win_percent_before - win_percent_after)', 'mover_before_cp',
                             'mover_before_mate', 'mover_after_cp', 'mover_after_mate') }} as classification
    from scored
)

select
    analysed_games.player,
    judged.uuid,
    judged.ply,
    cast(floor((judged.ply + 1) / 2.0) as integer) as move_number,
    judged.colour,
    judged.colour = analysed_games.my_color as is_my_move,
    judged.san,
    judged.uci,
    judged.eval_before_cp,
    judged.eval_before_mate,
    judged.eval_after_cp,
    judged.eval_after_mate,
    judged.best_move_uci,
    judged.best_move_san,
    judged.uci = judged.best_move_uci as is_best_move,
    judged.win_percent_before,
    judged.win_percent_after,
    judged.win_percent_loss,
    {{ lichess_move_accuracy('judged.win_percent_before', 'judged.win_percent_after') }} as move_accuracy,
    greatest(0, judged.centipawn_drop) as centipawn_loss,
    judged.classification,
    coalesce(lag(judged.classification) over (
        partition by analysed_games.player, judged.uuid order by judged.ply
    ) = 'blunder', false) as follows_a_blunder,
    judged.clock_seconds,
    judged.pieces_before,
    case
        when judged.pieces_before <= 6 then 'endgame'
        when judged.ply <= 20 and judged.pieces_before > 10 then 'opening'
        else 'middlegame'
    end as phase,
    analysed_games.url || '?move=' || cast(judged.ply as {{ model_type('varchar') }}) as url_at_move
from judged
inner join analysed_games on analysed_games.uuid = judged.uuid
