-- The openings table counts exactly the rapid games played under standard rules from the
-- standard start: no chess960, no custom-start (FEN) games, no other time class.
with standard_rapid_games as (
    select player, year, count(*) as total_games
    from {{ ref('fct_chess_games') }}
    where time_class = 'rapid' and rules = 'chess' and is_standard
    group by player, year
),

year_totals as (
    select player, year, total_games
    from {{ ref('agg_rapid_chess_monthly_openings') }}
    where month is null and pieces_color = 'overall' and opening = 'overall'
)

select *
from standard_rapid_games
full outer join year_totals using (player, year)
where standard_rapid_games.total_games is distinct from year_totals.total_games
