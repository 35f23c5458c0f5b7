-- One row per player, time class (and `all`) and night measure: how many more points per game (draw = 1/2)
-- the player scores beyond the Elo expectation on days after a night in the top third of that measure than
-- after a night in the bottom third (thirds of the player's game days), with a 95% interval from the two
-- thirds' day-clustered standard errors (chess_health_bands).
{{ config(materialized='table') }}

with bands as (
    select * from {{ ref('chess_health_bands') }}
),

bottom as (select * from bands where band = 'bottom'),
top as (select * from bands where band = 'top'),

overlap as (
    select player, time_class, measure, sum(days) as days, sum(games) as games
    from bands
    group by player, time_class, measure
),

effects as (
    select
        overlap.player,
        overlap.time_class,
        overlap.measure,
        cast(overlap.games as integer) as games,
        cast(overlap.days as integer) as days,
        top.games + bottom.games as compared_games,
        top.vs_expected - bottom.vs_expected as effect,
        sqrt(power(top.standard_error, 2) + power(bottom.standard_error, 2)) as standard_error,
        bottom.high_value as bottom_up_to,
        top.low_value as top_from,
        bottom.games as bottom_games,
        bottom.vs_expected as bottom_vs_expected,
        bottom.ci_low as bottom_ci_low,
        bottom.ci_high as bottom_ci_high,
        top.games as top_games,
        top.vs_expected as top_vs_expected
    from overlap
    inner join bottom
        on bottom.player = overlap.player and bottom.time_class = overlap.time_class
        and bottom.measure = overlap.measure
    inner join top
        on top.player = overlap.player and top.time_class = overlap.time_class
        and top.measure = overlap.measure
)

select
    player,
    time_class,
    measure,
    games,
    days,
    cast(compared_games as integer) as compared_games,
    effect,
    effect - {{ z_95() }} * standard_error as ci_low,
    effect + {{ z_95() }} * standard_error as ci_high,
    bottom_up_to,
    top_from,
    cast(bottom_games as integer) as bottom_games,
    bottom_vs_expected,
    bottom_ci_low,
    bottom_ci_high,
    cast(top_games as integer) as top_games,
    top_vs_expected
from effects
