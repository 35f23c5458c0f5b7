-- Opening families per player, time class and colour over all time: results, score against what
-- the ratings predicted, its 95% interval, and the verdict the evidence supports. A family is
-- compared once it has `opening_family_min_games` games; "keep" or "study" needs the interval,
-- widened for the number of families compared (Bonferroni, both directions), to exclude zero.
with families as (
    select
        player,
        time_class,
        my_color,
        opening_family,
        cast(sum(total_games) as integer) as total_games,
        cast(sum(total_wins) as integer) as total_wins,
        cast(sum(total_draws) as integer) as total_draws,
        cast(sum(total_losses) as integer) as total_losses,
        sum(points) as points,
        sum(expected_points) as expected_points,
        sum(expected_variance) as expected_variance
    from {{ ref('agg_chess_openings_monthly') }}
    group by player, time_class, my_color, opening_family
),

names as (
    select
        player,
        time_class,
        my_color,
        opening_family,
        {{ ordered_structs([
            ('opening_name', 'opening_name', 'varchar'),
            ('total_games', 'total_games', 'integer'),
            ('score', 'points / total_games', 'double'),
        ], 'total_games desc, opening_name') }} as opening_names
    from (
        select
            player, time_class, my_color, opening_family, opening_name,
            cast(sum(total_games) as integer) as total_games,
            sum(points) as points
        from {{ ref('agg_chess_openings_monthly') }}
        group by player, time_class, my_color, opening_family, opening_name
    ) as per_name
    group by player, time_class, my_color, opening_family
),

compared as (
    select
        *,
        points / total_games as score,
        expected_points / total_games as expected_score,
        (points - expected_points) / total_games as score_difference,
        sqrt(expected_variance) / total_games as difference_error,
        total_games >= {{ var('opening_family_min_games') }} as is_compared,
        count(case when total_games >= {{ var('opening_family_min_games') }} then 1 end) over (
            partition by player, time_class, my_color
        ) as families_compared
    from families
),

judged as (
    select
        *,
        score_difference - 1.959964 * difference_error as difference_low,
        score_difference + 1.959964 * difference_error as difference_high,
        case when is_compared then score_difference - adjusted_z * difference_error end
            as adjusted_difference_low,
        case when is_compared then score_difference + adjusted_z * difference_error end
            as adjusted_difference_high
    from (
        select
            *,
            {{ normal_upper_quantile('cast(0.025 as double) / nullif(families_compared, 0)') }} as adjusted_z
        from compared
    ) as widened
),

verdicts as (
    select
        *,
        case
            when adjusted_difference_low > 0 then 'keep'
            when adjusted_difference_high < 0 then 'study'
        end as verdict
    from judged
)

select
    verdicts.player,
    verdicts.time_class,
    verdicts.my_color,
    verdicts.opening_family,
    total_games,
    total_wins,
    total_draws,
    total_losses,
    score,
    expected_score,
    score_difference,
    points - expected_points as points_vs_expected,
    difference_low,
    difference_high,
    is_compared,
    families_compared,
    adjusted_difference_low,
    adjusted_difference_high,
    verdict,
    case when verdict is not null then cast(rank() over (
        partition by verdicts.player, verdicts.time_class, verdicts.my_color, verdict
        order by abs(points - expected_points) desc, verdicts.opening_family
    ) as integer) end as verdict_rank,
    opening_names
from verdicts
inner join names
    on verdicts.player = names.player
    and verdicts.time_class = names.time_class
    and verdicts.my_color = names.my_color
    and verdicts.opening_family = names.opening_family
