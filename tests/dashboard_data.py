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

OPENINGS = [
    ("C50", "Italian-Game", 0.08),
    ("B01", "Scandinavian-Defense-Mieses-Kotrocs-Variation", 0.12),
    ("C20", "Kings-Pawn-Opening-Wayward-Queen-Attack", -0.10),
    ("B10", "Caro-Kann-Defense-2.Nf3", 0.03),
    ("C45", "Scotch-Game", 0.05),
    ("D02", "Queens-Pawn-Opening-London-System", 0.06),
    ("C44", "Ponziani-Opening", -0.06),
    ("A00", "Nimzowitsch-Larsen-Attack", -0.12),
    ("B20", "Sicilian-Defense-Bowdler-Attack", -0.04),
    ("C00", "French-Defense-Knight-Variation", 0.00),
    ("D06", "Queens-Gambit-Declined-Marshall-Defense", 0.10),
    ("A40", "Englund-Gambit", -0.15),
    ("C41", "Philidor-Defense", 0.02),
    ("B06", "Modern-Defense-with-1-e4", -0.02),
    ("C60", "Ruy-Lopez-Opening", 0.04),
    ("E60", "Kings-Indian-Defense", 0.15),
    ("A45", "Indian-Game-Trompowsky-Attack", -0.08),
    ("C30", "Kings-Gambit", 0.09),
]

CHESS_DDL = """
create table fct_chess_games (
    player varchar, uuid varchar, year integer, month integer, game_date date, end_time timestamptz,
    time_class varchar, time_control varchar, rated boolean, rules varchar, is_standard boolean,
    my_color varchar, my_rating integer, opponent_username varchar, opponent_rating integer,
    my_first_move varchar, opponent_first_move varchar, my_remaining_time_seconds double,
    opponent_remaining_time_seconds double, my_result varchar, opponent_result varchar,
    my_result_code varchar, opponent_result_code varchar, end_reason varchar, number_of_rounds integer,
    termination varchar, eco varchar, opening varchar, url varchar, hour_of_day integer,
    my_pre_game_rating integer
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
    recovery_high_minutes double, stress_day_summary varchar
"""

HEALTH_DDL = f"""
create table daily_health ({HEALTH_COLUMNS});
create table agg_monthly_health (
    year integer, month integer, avg_stress double, avg_sleep_score double, avg_awake_bpm double,
    avg_rest_bpm double, avg_readiness_score double, daily_details struct({HEALTH_COLUMNS})[]
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
    select s.*, o.eco, o.opening, o.edge
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
    ['restored', 'normal', 'stressful'][1 + floor(random() * 3)::int]
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

insert into agg_monthly_health
select year, month, avg(stress), avg(sleep_score), avg(avg_awake_bpm), avg(avg_rest_bpm),
    avg(readiness_score), list(d order by day)
from daily_health d group by year, month;

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
            "create temp table openings (idx integer, eco varchar, opening varchar, edge double)"
        )
        con.executemany(
            "insert into openings values (?, ?, ?, ?)",
            [(i, eco, name, edge) for i, (eco, name, edge) in enumerate(OPENINGS)],
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
    return path
