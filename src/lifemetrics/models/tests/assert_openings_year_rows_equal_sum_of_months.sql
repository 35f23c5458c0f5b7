-- Every year row of agg_rapid_chess_monthly_openings equals the sum of its month rows.
with openings as (
    select * from {{ ref('agg_rapid_chess_monthly_openings') }}
),

year_rows as (
    select * from openings where month is null
),

summed_months as (
    select
        player, year, pieces_color, opening,
        sum(total_games) as total_games,
        sum(total_wins) as total_wins,
        sum(total_losses) as total_losses,
        sum(total_draws) as total_draws
    from openings
    where month is not null
    group by player, year, pieces_color, opening
)

select *
from year_rows
full outer join summed_months
    on year_rows.player = summed_months.player
    and year_rows.year = summed_months.year
    and year_rows.pieces_color = summed_months.pieces_color
    and year_rows.opening is not distinct from summed_months.opening
where year_rows.total_games is distinct from summed_months.total_games
    or year_rows.total_wins is distinct from summed_months.total_wins
    or year_rows.total_losses is distinct from summed_months.total_losses
    or year_rows.total_draws is distinct from summed_months.total_draws
