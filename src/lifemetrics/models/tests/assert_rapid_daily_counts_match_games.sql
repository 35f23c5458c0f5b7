-- Each day of agg_rapid_chess_daily counts exactly that day's rapid standard-rules games.
with games_per_day as (
    select player, game_date, count(*) as total_games
    from {{ ref('fct_chess_games') }}
    where time_class = 'rapid' and rules = 'chess'
    group by player, game_date
)

select *
from games_per_day
full outer join {{ ref('agg_rapid_chess_daily') }} as daily using (player, game_date)
where games_per_day.total_games is distinct from daily.total_games
    or {{ array_length('daily.game_details') }} <> daily.total_games
