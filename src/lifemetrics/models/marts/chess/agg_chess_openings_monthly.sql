-- Standard games per player, time class, colour, opening family and name, and local month: sums
-- that add up over any period to its games, results, points, expected points and their variance.
select
    player,
    time_class,
    my_color,
    opening_family,
    opening_name,
    year,
    month,
    cast(count(*) as integer) as total_games,
    cast(count_if(my_result = 'win') as integer) as total_wins,
    cast(count_if(my_result = 'draw') as integer) as total_draws,
    cast(count_if(my_result = 'loss') as integer) as total_losses,
    sum(my_score) as points,
    sum(my_expected_score) as expected_points,
    sum(my_expected_score * (1 - my_expected_score)) as expected_variance
from {{ ref('fct_chess_games') }}
where is_standard and opening_family is not null
group by player, time_class, my_color, opening_family, opening_name, year, month
