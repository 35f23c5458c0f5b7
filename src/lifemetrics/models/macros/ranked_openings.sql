{#- Top 5 openings per player and colour by win ratio, `direction` 'desc' (best) or 'asc' (worst),
    among openings played in at least 1% of the player's rapid standard games; ties go to the
    opening played more often, then by name. -#}
{% macro ranked_openings(direction) -%}
with openings as (
    select *
    from {{ ref('agg_rapid_chess_monthly_openings') }}
    where month is null
),

per_colour_opening as (
    select player, pieces_color, opening, sum(total_games) as total_games, sum(total_wins) as total_wins
    from openings
    where pieces_color in ('white', 'black') and opening <> 'overall'
    group by player, pieces_color, opening
),

per_player as (
    select player, sum(total_games) as total_games
    from openings
    where pieces_color = 'overall' and opening = 'overall'
    group by player
),

eligible as (
    select
        per_colour_opening.player,
        pieces_color,
        opening,
        cast(per_colour_opening.total_games as integer) as total_games,
        cast(round(cast(total_wins as double) / per_colour_opening.total_games, 2) as decimal(10, 2)) as win_ratio
    from per_colour_opening
    inner join per_player on per_player.player = per_colour_opening.player
    where per_colour_opening.total_games >= 0.01 * per_player.total_games
)

select player, pieces_color, opening, total_games, win_ratio, rank
from (
    select
        *,
        cast(row_number() over (
            partition by player, pieces_color
            order by win_ratio {{ direction }}, total_games desc, opening
        ) as integer) as rank
    from eligible
) as ranked
where rank <= 5
{%- endmacro %}
