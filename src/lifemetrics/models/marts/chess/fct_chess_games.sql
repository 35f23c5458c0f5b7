-- One row per game of each tracked player, seen from that player: colour, ratings, result, clocks, opening.
-- Incremental on raw load time: a game loaded late (e.g. into the previous month's archive) is picked up,
-- and every later game of its rating pool is rewritten, since its pre-game rating comes from the game before.
-- A game that left staging (removed upstream, or set aside by the row checks) is deleted, and its pool's
-- later games rewritten the same way.
{{ config(
    materialized='incremental',
    unique_key=['player', 'uuid'],
    incremental_strategy=replace_by_key_strategy(),
    on_schema_change='fail',
    properties=lake_properties(['year', 'month']),
    post_hook="{{ delete_vanished_rows(ref('stg_chess_com__games'), ['player', 'uuid']) }}",
) }}

with games as (
    select
        *,
        case when lower(white_username) = player then 'white' else 'black' end as my_color
    from {{ ref('stg_chess_com__games') }}
),

rated_games as (
    select
        *,
        lag({{ chess_side('my', 'rating') }}) over (
            partition by player, rules, time_class order by end_time, uuid
        ) as my_pre_game_rating
    from games
),

-- ratings before the game: the player's from their previous game, the opponent's estimated as
-- their rating after it moved back by the player's change (the first game of a pool: after-game)
expected_games as (
    select
        *,
        {{ elo_expected_score(
            'coalesce(my_pre_game_rating, ' ~ chess_side('my', 'rating') ~ ')',
            chess_side('opponent', 'rating') ~ ' + ' ~ chess_side('my', 'rating')
            ~ ' - coalesce(my_pre_game_rating, ' ~ chess_side('my', 'rating') ~ ')'
        ) }} as my_expected_score
    from rated_games
),

-- games this table holds that staging no longer has. This CTE and the next read staging itself, not
-- `games`: a CTE read more than once is materialized whole by DuckDB, every column of every game
-- (at 1,000,000 games with nothing new, this model's query took 8.3 s under the build's memory limit, 2.5 s now).
removed_games as (
    {%- if is_incremental() %}
    select player, rules, time_class, end_time
    from {{ this }} as kept
    where not exists (
        select 1 from {{ ref('stg_chess_com__games') }} as staged
        where staged.player = kept.player and staged.uuid = kept.uuid
    )
    {%- else %}
    select player, rules, time_class, end_time from {{ ref('stg_chess_com__games') }} where false
    {%- endif %}
),

-- the earliest newly loaded or removed game of each rating pool: it and everything after it is (re)written
new_pool_starts as (
    select player, rules, time_class, min(end_time) as first_end_time
    from (
        select player, rules, time_class, end_time
        from {{ ref('stg_chess_com__games') }}
        where {{ loaded_after_watermark() }}
        union all
        select player, rules, time_class, end_time from removed_games
    ) as changed_games
    group by player, rules, time_class
)

select
    expected_games.player,
    uuid,
    year,
    month,
    game_date,
    end_time,
    expected_games.time_class,
    time_control,
    rated,
    expected_games.rules,
    is_standard,
    my_color,
    {{ chess_side('my', 'rating') }} as my_rating,
    {{ chess_side('opponent', 'username') }} as opponent_username,
    {{ chess_side('opponent', 'rating') }} as opponent_rating,
    {{ chess_side('my', 'first_move') }} as my_first_move,
    {{ chess_side('opponent', 'first_move') }} as opponent_first_move,
    {{ chess_side('my', 'clock_seconds') }} as my_remaining_time_seconds,
    {{ chess_side('opponent', 'clock_seconds') }} as opponent_remaining_time_seconds,
    {{ chess_side('my', 'result') }} as my_result,
    {{ chess_side('opponent', 'result') }} as opponent_result,
    {{ chess_side('my', 'result_code') }} as my_result_code,
    {{ chess_side('opponent', 'result_code') }} as opponent_result_code,
    case when white_result_code = 'win' then black_result_code else white_result_code end as end_reason,
    full_moves as number_of_rounds,
    termination,
    eco,
    opening,
    opening_name,
    opening_family,
    opening_eco,
    {{ chess_side('my', 'accuracy') }} as my_accuracy,
    {{ chess_side('opponent', 'accuracy') }} as opponent_accuracy,
    {{ chess_points(chess_side('my', 'result')) }} as my_score,
    my_expected_score,
    url,
    hour_of_day,
    my_pre_game_rating,
    _loaded_at
from expected_games
inner join new_pool_starts
    on expected_games.player = new_pool_starts.player
    and expected_games.rules is not distinct from new_pool_starts.rules
    and expected_games.time_class is not distinct from new_pool_starts.time_class
    and expected_games.end_time >= new_pool_starts.first_end_time
