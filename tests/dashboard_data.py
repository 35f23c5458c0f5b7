"""Hand-made published warehouses for dashboard tests: exactly the published columns, plausible values.

`write_analytics` fills every published table from SQL generators (fast enough for 50,000 games and
ten years of days); `write_empty_analytics` writes the same tables with no rows, as a first publish
with no data would.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from lifemetrics.chess_result_codes import draw_codes
from lifemetrics.insights.score_drivers import SCORE_INPUTS, score_drivers

DRIVER_COLUMNS = ", ".join(
    sorted({name for score, inputs in SCORE_INPUTS.items() for name in (score, *inputs)})
)

# (ECO, chess.com slug, Lichess name, edge: how much more than average the player wins with it)
OPENINGS = [
    ("C50", "Italian-Game", "Italian Game", 0.08),
    (
        "B01",
        "Scandinavian-Defense-Mieses-Kotrocs-Variation",
        "Scandinavian Defense: Mieses-Kotroc Variation",
        0.12,
    ),
    (
        "C20",
        "Kings-Pawn-Opening-Wayward-Queen-Attack",
        "King's Pawn Game: Wayward Queen Attack",
        -0.10,
    ),
    ("B10", "Caro-Kann-Defense-2.Nf3", "Caro-Kann Defense: Two Knights Attack", 0.03),
    ("C45", "Scotch-Game", "Scotch Game", 0.05),
    ("D02", "Queens-Pawn-Opening-London-System", "Queen's Pawn Game: London System", 0.06),
    ("C44", "Ponziani-Opening", "Ponziani Opening", -0.06),
    ("A00", "Nimzowitsch-Larsen-Attack", "Nimzo-Larsen Attack", -0.12),
    ("B20", "Sicilian-Defense-Bowdler-Attack", "Sicilian Defense: Bowdler Attack", -0.04),
    ("C00", "French-Defense-Knight-Variation", "French Defense: Knight Variation", 0.00),
    (
        "D06",
        "Queens-Gambit-Declined-Marshall-Defense",
        "Queen's Gambit Declined: Marshall Defense",
        0.10,
    ),
    ("A40", "Englund-Gambit", "Englund Gambit", -0.15),
    ("C41", "Philidor-Defense", "Philidor Defense", 0.02),
    ("B06", "Modern-Defense-with-1-e4", "Modern Defense", -0.02),
    ("C60", "Ruy-Lopez-Opening", "Ruy Lopez", 0.04),
    ("E60", "Kings-Indian-Defense", "King's Indian Defense", 0.15),
    ("A45", "Indian-Game-Trompowsky-Attack", "Indian Defense: Trompowsky Attack", -0.08),
    ("C30", "Kings-Gambit", "King's Gambit", 0.09),
]

CHESS_DDL = """
create table fct_chess_games (
    player varchar, uuid varchar, year integer, month integer, game_date date, end_time timestamptz,
    time_class varchar, time_control varchar, rated boolean, rules varchar, is_standard boolean,
    my_color varchar, my_rating integer, opponent_username varchar, opponent_rating integer,
    my_first_move varchar, opponent_first_move varchar, my_remaining_time_seconds double,
    opponent_remaining_time_seconds double, my_result varchar, opponent_result varchar,
    my_result_code varchar, opponent_result_code varchar, end_reason varchar, number_of_rounds integer,
    termination varchar, eco varchar, opening varchar, opening_name varchar, opening_family varchar,
    opening_eco varchar, my_accuracy double, opponent_accuracy double, my_score double,
    my_expected_score double, url varchar, hour_of_day integer, my_pre_game_rating integer
);
create table agg_chess_openings_monthly (
    player varchar, time_class varchar, my_color varchar, opening_family varchar,
    opening_name varchar, year integer, month integer, total_games integer, total_wins integer,
    total_draws integer, total_losses integer, points double, expected_points double,
    expected_variance double
);
create table ranked_opening_families (
    player varchar, time_class varchar, my_color varchar, opening_family varchar,
    total_games integer, total_wins integer, total_draws integer, total_losses integer,
    score double, expected_score double, score_difference double, points_vs_expected double,
    difference_low double, difference_high double, is_compared boolean, families_compared bigint,
    adjusted_difference_low double, adjusted_difference_high double, verdict varchar,
    verdict_rank integer,
    opening_names struct(opening_name varchar, total_games integer, score double)[]
);
create table agg_rapid_chess_daily (
    player varchar, year integer, month integer, game_date date, average_elo double,
    total_games integer, total_wins integer, total_losses integer, total_draws integer,
    game_details struct(
        game_uuid varchar, game_date date, my_rating double, opponent_rating double,
        my_result varchar, opponent_result varchar, number_of_rounds double,
        my_remaining_time_seconds double, opening varchar
    )[]
);
create table agg_rapid_chess_monthly_openings (
    player varchar, year integer, month integer, pieces_color varchar, opening varchar,
    average_elo double, total_games integer, total_wins integer, total_losses integer,
    total_draws integer, win_ratio double
);
create table ranked_best_openings (
    player varchar, pieces_color varchar, opening varchar, total_games integer, win_ratio double,
    rank integer
);
create table ranked_worst_openings (
    player varchar, pieces_color varchar, opening varchar, total_games integer, win_ratio double,
    rank integer
);
"""

HEALTH_COLUMNS = """
    year integer, month integer, day date, resilience_level varchar, sleep_recovery double,
    daytime_recovery double, stress double, sleep_score double, deep_sleep double, efficiency double,
    latency double, rem_sleep double, restfulness double, timing double, total_sleep double,
    avg_awake_bpm double, avg_rest_bpm double, readiness_score double, activity_balance double,
    body_temperature double, hrv_balance double, recovery_index double, resting_heart_rate double,
    sleep_balance double, lowest_heart_rate double, average_hrv double, stress_high_minutes double,
    recovery_high_minutes double, stress_day_summary varchar, total_sleep_seconds integer,
    deep_sleep_seconds integer, rem_sleep_seconds integer, light_sleep_seconds integer,
    awake_seconds integer, bedtime_start timestamp, bedtime_end timestamp,
    sleep_efficiency_percent double, average_breath double, avg_sleep_bpm double,
    temperature_deviation double, steps integer, active_calories integer, spo2_average double,
    previous_night double, previous_day_activity double
"""

HEALTH_DDL = f"""
create table daily_health ({HEALTH_COLUMNS});
create table agg_monthly_health (
    year integer, month integer, avg_stress double, avg_sleep_score double, avg_awake_bpm double,
    avg_rest_bpm double, avg_readiness_score double, daily_details struct({HEALTH_COLUMNS})[]
);
create table health_score_drivers (
    score varchar, input varchar, days integer, effect double, ci_low double, ci_high double,
    typical_value double, good_value double, gain double, gain_ci_low double, gain_ci_high double,
    gain_rank integer, work_on boolean
);
create table chess_health_bands (
    player varchar, time_class varchar, measure varchar, band varchar, band_number integer,
    days integer, games integer, low_value double, high_value double, score double,
    expected_score double, vs_expected double, standard_error double, ci_low double, ci_high double
);
create table chess_health_effects (
    player varchar, time_class varchar, measure varchar, games integer, days integer,
    compared_games integer, effect double, ci_low double, ci_high double, bottom_up_to double,
    top_from double, bottom_games integer, bottom_vs_expected double, bottom_ci_low double,
    bottom_ci_high double, top_games integer, top_vs_expected double
);
create table publish_info (
    published_at timestamptz, chess_first_day date, chess_last_day date,
    health_first_day date, health_last_day date
);
"""

GAMES_SQL = """
insert into fct_chess_games
with draws as (
    select range as i,
        case when random() < 0.6 then 'rapid' when random() < 0.6 then 'blitz'
             when random() < 0.7 then 'bullet' else 'daily' end as time_class,
        random() as r_color, random() as r_opening, random() as r_result, random() as r_reason,
        random() as r_clock, random() as r_opp, random() as r_rules, random() as r_jitter,
        random() as r_rounds
    from range($games)
), shaped as (
    select *, $player as player,
        timestamptz '$first_day 00:00:00+00' + to_seconds(
            (i * $span_seconds / $games + r_jitter * 3600)::bigint) as end_time,
        if(r_color < 0.5, 'white', 'black') as my_color,
        least(floor(pow(r_opening, 1.7) * $opening_count)::int, $opening_count - 1) as opening_index,
        if(r_rules < 0.02, 'chess960', 'chess') as rules
    from draws
), opened as (
    select s.*, o.eco, o.opening, o.lichess_name, o.edge
    from shaped s join openings o on o.idx = s.opening_index
), resulted as (
    select *,
        case when r_result < 0.47 + edge + if(my_color = 'white', 0.05, -0.03) then 'win'
             when r_result > 0.94 then 'draw' else 'loss' end as my_result
    from opened
), rated as (
    select *,
        case time_class when 'rapid' then 800 when 'blitz' then 700 when 'bullet' then 600 else 900 end
        + sum(case my_result when 'win' then 8 when 'loss' then -8 else 0 end) over (
            partition by time_class order by end_time rows unbounded preceding)
        + (i * 300 / $games)::int as my_rating,
        case when my_result = 'draw' then $draw_codes[1 + floor(r_reason * $draw_count)::int]
             when r_reason < 0.45 then 'resigned' when r_reason < 0.75 then 'checkmated'
             when r_reason < 0.93 then 'timeout' else 'abandoned' end as end_reason,
        case time_class when 'rapid' then 600 when 'blitz' then 180 when 'bullet' then 60
             else 86400 end as base_seconds
    from resulted
)
select player, md5(player || i::varchar) as uuid,
    year(end_time), month(end_time), end_time::date, end_time, time_class,
    case time_class when 'rapid' then '600' when 'blitz' then '180+2' when 'bullet' then '60'
         else '1/86400' end,
    true, rules, rules = 'chess', my_color, my_rating, 'opponent' || (i % 997)::varchar,
    (coalesce(lag(my_rating) over w, my_rating) + (r_opp - 0.5) * 400)::int,
    if(my_color = 'white', 'e4', 'e5'), if(my_color = 'white', 'e5', 'e4'),
    case when r_clock < 0.03 then null
         when my_result = 'loss' and end_reason = 'timeout' then 0
         else round(base_seconds * pow(r_clock, 1.5), 1) end,
    case when r_clock < 0.03 then null else round(base_seconds * r_opp, 1) end,
    my_result,
    case my_result when 'win' then 'loss' when 'loss' then 'win' else 'draw' end,
    case my_result when 'win' then 'win' else end_reason end,
    case my_result when 'loss' then 'win' else end_reason end,
    end_reason, 15 + floor(r_rounds * 50)::int,
    if(my_result = 'win', $player || ' won by ', 'opponent won by ') || end_reason,
    if(rules = 'chess', eco, null), if(rules = 'chess', opening, null),
    if(rules = 'chess', lichess_name, null), if(rules = 'chess', split_part(lichess_name, ':', 1), null),
    if(rules = 'chess', eco, null),
    if(r_jitter < 0.1, null, round(60 + 35 * r_rounds, 1)), if(r_jitter < 0.1, null, round(55 + 35 * r_opp, 1)),
    case my_result when 'win' then 1.0 when 'draw' then 0.5 else 0.0 end,
    1 / (1 + pow(10, (((coalesce(lag(my_rating) over w, my_rating) + (r_opp - 0.5) * 400)::int)
        - coalesce(lag(my_rating) over w, my_rating)) / 400)),
    'https://www.chess.com/game/live/' || i::varchar, hour(end_time),
    lag(my_rating) over w
from rated
window w as (partition by time_class order by end_time)
"""

HEALTH_SQL = """
insert into daily_health
with days as (
    select d::date as day, row_number() over (order by d) - 1 as n
    from range(date '$first_day', date '$first_day' + $days, interval 1 day) t(d)
), noisy as (
    select day, n, random() as r_gap, random() as r_hr, random() as r_level,
        80 - 6 * (n / $days) + 6 * sin(n / 58.0) + (random() - 0.5) * 18 as sleep_base,
        78 + 4 * cos(n / 41.0) + (random() - 0.5) * 20 as ready_base
    from days
)
select year(day), month(day), day,
    ['limited', 'adequate', 'solid', 'strong', 'exceptional'][
        least(5, greatest(1, 1 + floor((sleep_base - 55) / 9)::int))],
    round(sleep_base + (random() - 0.5) * 10), round(70 + (random() - 0.5) * 30),
    round(60 + (random() - 0.5) * 40), round(sleep_base),
    round(least(100, sleep_base + 8 + (random() - 0.5) * 20)),
    round(least(100, 88 + (random() - 0.5) * 14)), round(least(100, 75 + (random() - 0.5) * 40)),
    round(least(100, sleep_base + (random() - 0.5) * 24)), round(least(100, 70 + (random() - 0.5) * 24)),
    round(least(100, 58 + 10 * sin(n / 30.0) + (random() - 0.5) * 30)),
    round(least(100, sleep_base - 4 + (random() - 0.5) * 20)),
    if(r_hr < 0.06, null, round(72 + 4 * sin(n / 90.0) + (random() - 0.5) * 8, 1)),
    if(r_hr > 0.96, null, round(54 + 2 * sin(n / 120.0) + (random() - 0.5) * 5, 1)),
    round(ready_base),
    round(least(100, 80 + (random() - 0.5) * 30)), round(least(100, 90 + (random() - 0.5) * 16)),
    round(least(100, ready_base - 14 + (random() - 0.5) * 30)),
    round(least(100, 85 + (random() - 0.5) * 26)), round(least(100, 82 + (random() - 0.5) * 22)),
    round(least(100, ready_base + (random() - 0.5) * 20)),
    round(48 + (random() - 0.5) * 6), round(45 + (random() - 0.5) * 24),
    round(60 + 50 * random()), round(90 + 80 * random()),
    ['restored', 'normal', 'stressful'][1 + floor(random() * 3)::int],
    round(3600 * (7.2 + (sleep_base - 75) / 20 + (random() - 0.5))),
    round(3600 * (1.3 + (random() - 0.5) * 0.6)), round(3600 * (1.6 + (random() - 0.5) * 0.6)),
    round(3600 * (4.2 + (random() - 0.5))), round(3600 * (0.6 + random() * 0.4)),
    day - 1 + interval 22 hour + to_minutes((45 + (random() - 0.5) * 90)::bigint),
    day + interval 7 hour + to_minutes(((random() - 0.5) * 60)::bigint),
    round(84 + (random() - 0.5) * 16), round(14.6 + (random() - 0.5) * 2, 2),
    round(56 + (random() - 0.5) * 6, 2), if(random() < 0.03, null, round((random() - 0.5) * 0.8, 2)),
    round(8000 + (random() - 0.5) * 8000), round(400 + (random() - 0.5) * 400),
    if(random() < 0.05, null, round(96.5 + (random() - 0.5) * 2, 1)),
    round(sleep_base), round(least(100, 75 + (random() - 0.5) * 40))
from noisy
where r_gap >= 0.02
"""

DERIVED_SQL = """
insert into agg_rapid_chess_daily
select player, year, month, game_date, avg(my_rating), count(*),
    count(*) filter (my_result = 'win'), count(*) filter (my_result = 'loss'),
    count(*) filter (my_result = 'draw'),
    list({'game_uuid': uuid, 'game_date': game_date, 'my_rating': my_rating,
          'opponent_rating': opponent_rating, 'my_result': my_result,
          'opponent_result': opponent_result, 'number_of_rounds': number_of_rounds,
          'my_remaining_time_seconds': my_remaining_time_seconds, 'opening': opening})
from fct_chess_games where time_class = 'rapid'
group by all;

insert into agg_rapid_chess_monthly_openings
select player, year, month,
    if(grouping(my_color) = 1, 'overall', my_color), if(grouping(opening) = 1, 'overall', opening),
    if(grouping(my_color) = 1 and grouping(opening) = 1, avg(my_rating), null), count(*),
    count(*) filter (my_result = 'win'), count(*) filter (my_result = 'loss'),
    count(*) filter (my_result = 'draw'), round(count(*) filter (my_result = 'win') / count(*), 2)
from fct_chess_games where time_class = 'rapid' and is_standard
group by grouping sets ((player, year, month, my_color, opening), (player, year, month, my_color),
    (player, year, my_color, opening), (player, year, month), (player, year, my_color), (player, year));

create temp table opening_totals as
with counted as (
    select player, my_color as pieces_color, opening, count(*) as total_games,
        round(count(*) filter (my_result = 'win') / count(*), 2) as win_ratio,
        sum(count(*)) over (partition by player) as player_games
    from fct_chess_games where time_class = 'rapid' and is_standard and opening is not null
    group by player, my_color, opening
)
select player, pieces_color, opening, total_games, win_ratio
from counted where total_games >= 0.01 * player_games;

insert into ranked_best_openings
select * from (
    select *, row_number() over (partition by player, pieces_color
                                 order by win_ratio desc, total_games desc) as rank
    from opening_totals) where rank <= 5;
insert into ranked_worst_openings
select * from (
    select *, row_number() over (partition by player, pieces_color
                                 order by win_ratio asc, total_games desc) as rank
    from opening_totals) where rank <= 5;

insert into agg_chess_openings_monthly
select player, time_class, my_color, opening_family, opening_name, year, month, count(*),
    count(*) filter (my_result = 'win'), count(*) filter (my_result = 'draw'),
    count(*) filter (my_result = 'loss'), sum(my_score), sum(my_expected_score),
    sum(my_expected_score * (1 - my_expected_score))
from fct_chess_games where is_standard and opening_family is not null
group by all;

insert into ranked_opening_families
with families as (
    select player, time_class, my_color, opening_family, sum(total_games)::int as games,
        sum(total_wins)::int as wins, sum(total_draws)::int as draws, sum(total_losses)::int as losses,
        sum(points) as points, sum(expected_points) as expected, sum(expected_variance) as variance
    from agg_chess_openings_monthly group by all
), compared as (
    select *, (points - expected) / games as difference, sqrt(variance) / games as error,
        games >= 10 as is_compared,
        count(case when games >= 10 then 1 end) over (partition by player, time_class, my_color) as m
    from families
), judged as (
    select *, if(is_compared, difference - (1.96 + 0.3 * ln(m)) * error, null) as adjusted_low,
        if(is_compared, difference + (1.96 + 0.3 * ln(m)) * error, null) as adjusted_high
    from compared
), verdicts as (
    select *, case when adjusted_low > 0 then 'keep' when adjusted_high < 0 then 'study' end as verdict
    from judged
)
select player, time_class, my_color, opening_family, games, wins, draws, losses, points / games,
    expected / games, difference, points - expected, difference - 1.96 * error,
    difference + 1.96 * error, is_compared, m, adjusted_low, adjusted_high, verdict,
    if(verdict is null, null, rank() over (partition by player, time_class, my_color, verdict
                                          order by abs(points - expected) desc))::int,
    [{'opening_name': opening_family, 'total_games': games, 'score': points / games}]
from verdicts;

insert into agg_monthly_health
select year, month, avg(stress), avg(sleep_score), avg(avg_awake_bpm), avg(avg_rest_bpm),
    avg(readiness_score), list(d order by day)
from daily_health d group by year, month;

insert into chess_health_bands
with nights as (
    unpivot (select day, sleep_score, readiness_score, total_sleep_seconds::double as total_sleep_seconds,
                    average_hrv from daily_health)
    on sleep_score, readiness_score, total_sleep_seconds, average_hrv into name measure value value
), games as (
    select player, game_date, time_class, if(my_result = 'win', 1.0, if(my_result = 'draw', 0.5, 0.0)) as points,
        1 / (1 + pow(10, (opponent_rating - my_pre_game_rating) / 400)) as expected
    from fct_chess_games where rated and time_class <> 'daily' and my_pre_game_rating is not null
), by_class as (select * from games union all select player, game_date, 'all', points, expected from games),
days as (
    select player, time_class, measure, game_date as day, any_value(value) as value, count(*) as games,
        sum(points) as points, sum(expected) as expected
    from by_class join nights on nights.day = by_class.game_date group by all
), thirds as (select *, ntile(3) over (partition by player, time_class, measure order by value, day) as third from days)
select player, time_class, measure, ['bottom', 'middle', 'top'][third], third, count(*), sum(games),
    min(value), max(value), sum(points) / sum(games), sum(expected) / sum(games),
    (sum(points) - sum(expected)) / sum(games), 0.5 / sqrt(sum(games)),
    (sum(points) - sum(expected)) / sum(games) - 0.98 / sqrt(sum(games)),
    (sum(points) - sum(expected)) / sum(games) + 0.98 / sqrt(sum(games))
from thirds group by player, time_class, measure, third;

insert into chess_health_effects
select b.player, b.time_class, b.measure, b.games + m.games + t.games, b.days + m.days + t.days,
    b.games + t.games, t.vs_expected - b.vs_expected,
    t.vs_expected - b.vs_expected - 1.96 * sqrt(b.standard_error ** 2 + t.standard_error ** 2),
    t.vs_expected - b.vs_expected + 1.96 * sqrt(b.standard_error ** 2 + t.standard_error ** 2),
    b.high_value, t.low_value, b.games, b.vs_expected, b.ci_low, b.ci_high, t.games, t.vs_expected
from chess_health_bands b
join chess_health_bands m on (m.player, m.time_class, m.measure, m.band) = (b.player, b.time_class, b.measure, 'middle')
join chess_health_bands t on (t.player, t.time_class, t.measure, t.band) = (b.player, b.time_class, b.measure, 'top')
where b.band = 'bottom';

insert into publish_info
select now(), (select min(game_date) from fct_chess_games), (select max(game_date) from fct_chess_games),
    (select min(day) from daily_health), (select max(day) from daily_health);
"""


def _fill(sql: str, **values: object) -> str:
    """Put literal values into a generator statement ($name placeholders)."""
    for name, value in sorted(values.items(), key=lambda item: -len(item[0])):
        sql = sql.replace(f"${name}", str(value))
    return sql


def write_empty_analytics(path: Path) -> Path:
    """Every published table with no rows, and a publish_info row with no periods."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(CHESS_DDL + HEALTH_DDL)
        con.execute("insert into publish_info values (now(), null, null, null, null)")
    return path


def write_analytics(
    path: Path,
    *,
    players: tuple[str, ...] = ("mposada97",),
    games: int = 1500,
    days: int = 400,
    last_day: date = date(2025, 3, 1),
    seed: float = 0.42,
) -> Path:
    """A published warehouse with `games` games per player spread over `days` days up to `last_day`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    first_day = date.fromordinal(last_day.toordinal() - days + 1)
    with duckdb.connect(str(path)) as con:
        con.execute("set threads = 1")
        con.execute(f"select setseed({seed})")
        con.execute(CHESS_DDL + HEALTH_DDL)
        con.execute(
            "create temp table openings"
            " (idx integer, eco varchar, opening varchar, lichess_name varchar, edge double)"
        )
        con.executemany(
            "insert into openings values (?, ?, ?, ?, ?)",
            [(i, *opening) for i, opening in enumerate(OPENINGS)],
        )
        for player in players:
            con.execute(
                _fill(
                    GAMES_SQL,
                    games=games,
                    player=f"'{player}'",
                    first_day=first_day.isoformat(),
                    span_seconds=days * 86400 - 7200,
                    opening_count=len(OPENINGS),
                    draw_codes=[*draw_codes()],
                    draw_count=len(draw_codes()),
                )
            )
        if days:
            con.execute(_fill(HEALTH_SQL, first_day=first_day.isoformat(), days=days))
        con.execute(DERIVED_SQL)
        drivers = score_drivers(
            con.sql(f"select {DRIVER_COLUMNS} from daily_health").to_arrow_table()
        )
        con.register("drivers", drivers)
        con.execute("insert into health_score_drivers select * from drivers")
    return path
