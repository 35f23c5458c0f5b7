-- One row per player and local day of rapid standard-rules games: results, average rating, each game's details.
-- Incremental: every day that received a newly loaded game or lost one is recomputed from all of that day's
-- games; a day left without games is deleted.
{{ config(
    materialized='incremental',
    unique_key=['player', 'game_date'],
    incremental_strategy=replace_by_key_strategy(),
    on_schema_change='fail',
    properties=lake_properties(['year', 'month']),
    post_hook="{{ delete_vanished_rows(ref('fct_chess_games'), ['player', 'game_date'], {'time_class': 'rapid', 'rules': 'chess'}) }}",
) }}

-- The columns used, not `*`: read three times, the CTE is materialized by DuckDB, with every column it names.
with rapid_games as (
    select
        player, year, month, game_date, end_time, uuid, my_rating, opponent_rating, my_result,
        opponent_result, number_of_rounds, my_remaining_time_seconds, opening, _loaded_at
    from {{ ref('fct_chess_games') }}
    where time_class = 'rapid' and rules = 'chess'
),

games_per_day as (
    select player, game_date, count(*) as rows
    from rapid_games
    group by player, game_date
),

touched_days as (
    select player, game_date
    from rapid_games
    where {{ loaded_after_watermark() }}
    union
    {{ groups_with_changed_counts('games_per_day', ['player', 'game_date'], 'total_games') }}
)

select
    player,
    year,
    month,
    game_date,
    avg(my_rating) as average_elo,
    cast(count(*) as integer) as total_games,
    cast(count_if(my_result = 'win') as integer) as total_wins,
    cast(count_if(my_result = 'loss') as integer) as total_losses,
    cast(count_if(my_result = 'draw') as integer) as total_draws,
    {{ ordered_structs([
        ('game_uuid', 'uuid', 'varchar'),
        ('game_date', 'game_date', 'date'),
        ('my_rating', 'my_rating', 'double'),
        ('opponent_rating', 'opponent_rating', 'double'),
        ('my_result', 'my_result', 'varchar'),
        ('opponent_result', 'opponent_result', 'varchar'),
        ('number_of_rounds', 'number_of_rounds', 'double'),
        ('my_remaining_time_seconds', 'my_remaining_time_seconds', 'double'),
        ('opening', 'opening', 'varchar'),
    ], 'end_time, uuid') }} as game_details,
    max(_loaded_at) as _loaded_at
from rapid_games
inner join touched_days using (player, game_date)
group by player, year, month, game_date
