-- Rapid standard games (rules 'chess', standard start) by year, month, colour and opening, with rollups.
-- Rollup rows are labelled with GROUPING(): month is NULL on year rows, and pieces_color / opening
-- read 'overall' only where that column was rolled up (a game without an opening keeps a NULL opening).
with games as (
    select *
    from {{ ref('fct_chess_games') }}
    where time_class = 'rapid' and is_standard
),

grouped as (
    select
        player,
        year,
        month,
        case when grouping(my_color) = 1 then 'overall' else my_color end as pieces_color,
        case when grouping(opening) = 1 then 'overall' else opening end as opening,
        case when grouping(my_color) = 1 and grouping(opening) = 1 then avg(my_rating) end as average_elo,
        cast(count(*) as integer) as total_games,
        cast(count_if(my_result = 'win') as integer) as total_wins,
        cast(count_if(my_result = 'loss') as integer) as total_losses,
        cast(count_if(my_result = 'draw') as integer) as total_draws
    from games
    group by grouping sets (
        (player, year, month, my_color, opening),
        (player, year, month, my_color),
        (player, year, my_color, opening),
        (player, year, month),
        (player, year, my_color),
        (player, year)
    )
)

select
    *,
    cast(round(cast(total_wins as double) / total_games, 2) as decimal(10, 2)) as win_ratio
from grouped
