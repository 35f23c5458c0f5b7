"""Chess aggregates for the dashboards, computed in SQL on `fct_chess_games` and the ranked tables.

Every query returns a handful of rows (per day, week, band or opening), never one row per game, so
the pages stay light however many games were played.
"""

from __future__ import annotations

import duckdb

from lifemetrics.dashboards.chess.records import (
    Breakdowns,
    Group,
    RankedOpening,
    RatingPoint,
    ResultCounts,
    TimeClassSummary,
)
from lifemetrics.dashboards.published import Row, fetch_rows

TIME_CLASS_ORDER = ("rapid", "blitz", "bullet", "daily")
RESULT_COUNTS = """count(*) filter (where my_result = 'win') as wins,
    count(*) filter (where my_result = 'draw') as draws,
    count(*) filter (where my_result = 'loss') as losses,
    count(*) as games"""


def tracked_players(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Players with at least one published game, most games first."""
    rows = fetch_rows(
        con, "select player from fct_chess_games group by player order by count(*) desc, player"
    )
    return [row["player"] for row in rows]


def time_class_summaries(con: duckdb.DuckDBPyConnection, player: str) -> list[TimeClassSummary]:
    """Per time class: games, current rating, the rating 30 days before the player's last game day."""
    rows = fetch_rows(
        con,
        """
        with games as (
            select time_class, game_date, end_time, my_rating, my_pre_game_rating
            from fct_chess_games where player = $player
        ), reference as (select max(game_date) - 30 as since from games)
        select time_class,
            count(*) as games,
            min(game_date) as first_day,
            max(game_date) as last_day,
            arg_max(my_rating, end_time) as current_rating,
            count(*) filter (where game_date > since) as games_30d,
            coalesce(
                arg_max(my_rating, end_time) filter (where game_date <= since),
                arg_min(coalesce(my_pre_game_rating, my_rating), end_time)
            ) as rating_30d_ago
        from games, reference
        group by time_class, since
        """,
        {"player": player},
    )
    summaries = [TimeClassSummary(**row) for row in rows]
    return sorted(summaries, key=lambda summary: _time_class_rank(summary.time_class))


def rating_history(con: duckdb.DuckDBPyConnection, player: str) -> list[RatingPoint]:
    """Rating after the last game of each day of the last year, of each week before, per time class.

    A screen has fewer pixels than ten years have days: weekly points keep long histories light,
    while the last year (what the 1m/3m/1y buttons zoom to) keeps every day.
    """
    rows = fetch_rows(
        con,
        """with games as (
               select time_class, game_date, end_time, my_rating
               from fct_chess_games where player = $player
           ),
           recent as (select max(game_date) - 365 as since from games)
           select time_class, max(game_date) as day, arg_max(my_rating, end_time) as rating
           from games, recent
           group by time_class, if(game_date > since, game_date, date_trunc('week', game_date)::date)
           order by time_class, day""",
        {"player": player},
    )
    return [RatingPoint(**row) for row in rows]


RATING_GAP_BANDS = ("≤ −150", "−150<br>to −50", "±50", "+50<br>to +150", "≥ +150")
CLOCK_BANDS = ("< 5%", "5–10%", "10–25%", "25–50%", "≥ 50%")
BREAKDOWNS = {
    "period": "date_trunc(if(list_contains($weekly, time_class), 'week', 'month'), game_date)::date",
    "color": "my_color",
    "band_start": "(hour_of_day // 3) * 3",
    "gap_band": """case when gap is null then null when gap <= -150 then 0 when gap < -50 then 1
        when gap <= 50 then 2 when gap < 150 then 3 else 4 end""",
    "end_reason": "coalesce(end_reason, 'unknown')",
    "clock_band": """case when share_left is null then null when share_left < 0.05 then 0
        when share_left < 0.10 then 1 when share_left < 0.25 then 2 when share_left < 0.5 then 3
        else 4 end""",
}


def result_breakdowns(
    con: duckdb.DuckDBPyConnection, player: str, weekly: list[str]
) -> dict[str, Breakdowns]:
    """Results of each time class per period, colour, hour, rating gap, ending and clock left.

    One scan of the player's games (grouping sets) instead of one query per breakdown and time
    class; returns time class -> breakdown (a `BREAKDOWNS` key) -> groups keyed by that breakdown's
    value, games without a value for a breakdown left out of it:
    - `period`: the first day of the week (time classes in `weekly`) or month;
    - `band_start`: the local hour the game ended, in three-hour bands;
    - `gap_band` (`RATING_GAP_BANDS`): opponent's rating minus mine before the game. Post-game ratings
      lean towards the result (a win lifts mine and drops theirs), so mine is `my_pre_game_rating`
      and theirs is their post-game rating plus my change (rating points move from loser to winner);
    - `end_reason`: the API's result code that ended the game;
    - `clock_band` (`CLOCK_BANDS`): my clock left at the end as a share of the starting clock.
    """
    dimensions = ", ".join(f"{sql} as {name}" for name, sql in BREAKDOWNS.items())
    grouping_sets = ", ".join(f"(time_class, {name})" for name in BREAKDOWNS)
    which = " ".join(f"when grouping({name}) = 0 then '{name}'" for name in BREAKDOWNS)
    rows = fetch_rows(
        con,
        f"""
        with games as (
            select *,
                opponent_rating + coalesce(my_rating - my_pre_game_rating, 0)
                    - coalesce(my_pre_game_rating, my_rating) as gap,
                my_remaining_time_seconds / nullif(
                    case when time_control like '%/%'
                         then try_cast(split_part(time_control, '/', 2) as double)
                         else try_cast(split_part(time_control, '+', 1) as double) end, 0)
                    as share_left
            from fct_chess_games where player = $player
        ), banded as (select time_class, my_result, {dimensions} from games)
        select time_class, case {which} end as breakdown, {", ".join(BREAKDOWNS)}, {RESULT_COUNTS}
        from banded group by grouping sets ({grouping_sets})
        order by time_class, breakdown, games desc, {", ".join(BREAKDOWNS)}
        """,
        {"player": player, "weekly": weekly},
    )
    result: dict[str, Breakdowns] = {}
    for row in rows:
        name = row["breakdown"]
        if row[name] is not None:
            group = Group(row[name], _counts(row))
            result.setdefault(row["time_class"], {}).setdefault(name, []).append(group)
    return result


def ranked_openings(con: duckdb.DuckDBPyConnection, player: str) -> dict[str, list[RankedOpening]]:
    """Per time class, the best and worst five openings per colour, with their win/draw/loss counts.

    Rapid uses the published `ranked_best_openings` / `ranked_worst_openings`; other time classes
    apply the same rule (openings in at least 1% of the time class's games, ranked by win ratio) in
    SQL. One query for all time classes.
    """
    rows = fetch_rows(
        con,
        f"""
        with opening_stats as (
            select time_class, my_color as pieces_color, opening, {RESULT_COUNTS}
            from fct_chess_games where player = $player and is_standard and opening is not null
            group by time_class, my_color, opening
        ),
        published as (
            select 'best' as list, pieces_color, opening, rank
            from ranked_best_openings where player = $player
            union all
            select 'worst', pieces_color, opening, rank
            from ranked_worst_openings where player = $player
        ),
        eligible as (
            select *, wins / games as win_ratio from opening_stats where time_class <> 'rapid'
            qualify games >= 0.01 * sum(games) over (partition by time_class)
        ),
        ranked as (
            select *,
                row_number() over (
                    partition by time_class, pieces_color order by win_ratio desc, games desc, opening
                ) as best,
                row_number() over (
                    partition by time_class, pieces_color order by win_ratio asc, games desc, opening
                ) as worst
            from eligible
        )
        select time_class, published.list, published.rank, pieces_color, opening,
            wins, draws, losses, games
        from published join opening_stats using (pieces_color, opening) where time_class = 'rapid'
        union all
        select time_class, 'best', best, pieces_color, opening, wins, draws, losses, games
        from ranked where best <= 5
        union all
        select time_class, 'worst', worst, pieces_color, opening, wins, draws, losses, games
        from ranked where worst <= 5
        order by time_class, pieces_color desc, list, rank
        """,
        {"player": player},
    )
    by_time_class: dict[str, list[RankedOpening]] = {}
    for row in rows:
        opening = RankedOpening(
            row["list"], row["rank"], row["pieces_color"], row["opening"], _counts(row)
        )
        by_time_class.setdefault(row["time_class"], []).append(opening)
    return by_time_class


def _counts(row: Row) -> ResultCounts:
    """The `RESULT_COUNTS` columns of a row."""
    return ResultCounts(row["wins"], row["draws"], row["losses"], row["games"])


def _time_class_rank(time_class: str) -> tuple[int, str]:
    """Sort key: rapid, blitz, bullet, daily, then anything else alphabetically."""
    if time_class in TIME_CLASS_ORDER:
        return (TIME_CLASS_ORDER.index(time_class), time_class)
    return (len(TIME_CLASS_ORDER), time_class)
