-- One row per player and local day of rapid standard-rules games: results, average rating, each game's details.
-- Incremental: every day that received a newly loaded game is recomputed from all of that day's games.
{{ config(
    materialized='incremental',
    unique_key=['player', 'game_date'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with rapid_games as (
    select *
    from {{ ref('fct_chess_games') }}
    where time_class = 'rapid' and rules = 'chess'
),

touched_days as (
    select distinct player, game_date
    from rapid_games
    where {{ loaded_after_watermark() }}
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
    list({
        'game_uuid': uuid,
        'game_date': game_date,
        'my_rating': cast(my_rating as double),
        'opponent_rating': cast(opponent_rating as double),
        'my_result': my_result,
        'opponent_result': opponent_result,
        'number_of_rounds': cast(number_of_rounds as double),
        'my_remaining_time_seconds': my_remaining_time_seconds,
        'opening': opening
    } order by end_time, uuid) as game_details,
    max(_loaded_at) as _loaded_at
from rapid_games
inner join touched_days using (player, game_date)
group by player, year, month, game_date
