-- One row per player, time class (and `all`), night measure and third of the player's game days by
-- that measure (bottom, middle, top): the days and rated games in it, the measure's range, and how many
-- points per game the player scored beyond the Elo expectation of the two pre-game ratings, with a 95%
-- interval. A game's night is the Oura day of the game's local date (the night that ended that morning).
-- The interval treats days, not games, as independent (games of one day share its night): the variance of
-- a ratio of day sums. Daily (correspondence) games are left out: their moves span many nights.
-- Floating-point sums run in a fixed order, so an incremental build publishes the same bits as a full one.
{{ config(materialized='table') }}

with rated_games as (
    select
        player,
        uuid,
        game_date,
        time_class,
        {{ chess_points('my_result') }} as points,
        -- the opponent's pre-game rating: their rating after the game plus what the game moved mine by
        {{ elo_expected_score('my_pre_game_rating', 'opponent_rating + (my_rating - my_pre_game_rating)') }}
            as expected_points
    from {{ ref('fct_chess_games') }}
    where rated and time_class <> 'daily' and my_pre_game_rating is not null
),

games_by_class as (
    select player, uuid, game_date, time_class, points, expected_points from rated_games
    union all
    select player, uuid, game_date, 'all', points, expected_points from rated_games
),

nights as (
    {%- for measure in ['sleep_score', 'readiness_score', 'total_sleep_seconds', 'average_hrv'] %}
    select day, '{{ measure }}' as measure, cast({{ measure }} as double) as value
    from {{ ref('daily_health') }}
    where {{ measure }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

game_days as (
    select
        player,
        time_class,
        measure,
        game_date as day,
        min(nights.value) as value,
        count(*) as games,
        sum(points) as points,
        {{ ordered_sum('expected_points', 'uuid') }} as expected_points
    from games_by_class
    inner join nights on nights.day = games_by_class.game_date
    group by player, time_class, measure, game_date
),

thirds as (
    select
        *,
        ntile(3) over (partition by player, time_class, measure order by value, day) as band_number
    from game_days
),

band_means as (
    select
        player,
        time_class,
        measure,
        band_number,
        count(*) as days,
        sum(games) as games,
        min(value) as low_value,
        max(value) as high_value,
        sum(points) / sum(games) as score,
        {{ ordered_sum('expected_points', 'day') }} / sum(games) as expected_score,
        (sum(points) - {{ ordered_sum('expected_points', 'day') }}) / sum(games) as vs_expected
    from thirds
    group by player, time_class, measure, band_number
),

-- each day's departure from its third's mean, squared and summed: the variance of a ratio of day sums
band_spread as (
    select
        player,
        time_class,
        measure,
        band_number,
        {{ ordered_sum('power(thirds.points - thirds.expected_points - band_means.vs_expected * thirds.games, 2)', 'thirds.day') }} as spread
    from band_means
    inner join thirds using (player, time_class, measure, band_number)
    group by player, time_class, measure, band_number
),

band_errors as (
    select
        band_means.*,
        case when days > 1 then sqrt(cast(days as double) / (days - 1) * spread / power(games, 2)) end as standard_error
    from band_means
    inner join band_spread
        on band_spread.player = band_means.player
        and band_spread.time_class = band_means.time_class
        and band_spread.measure = band_means.measure
        and band_spread.band_number = band_means.band_number
)

select
    player,
    time_class,
    measure,
    case band_number when 1 then 'bottom' when 2 then 'middle' else 'top' end as band,
    cast(band_number as integer) as band_number,
    cast(days as integer) as days,
    cast(games as integer) as games,
    cast(low_value as double) as low_value,
    cast(high_value as double) as high_value,
    score,
    expected_score,
    vs_expected,
    standard_error,
    vs_expected - {{ z_95() }} * standard_error as ci_low,
    vs_expected + {{ z_95() }} * standard_error as ci_high
from band_errors
