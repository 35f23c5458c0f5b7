"""Chess aggregates for the dashboards, computed in SQL on `fct_chess_games` and the opening tables.

Every query returns a handful of rows (per day, week, band or opening), never one row per game, so
the pages stay light however many games were played.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pyarrow as pa

from lifemetrics.dashboards.chess.records import (
    AccuracyPoint,
    Breakdowns,
    Group,
    OpeningFamily,
    RatingPoint,
    ResultCounts,
    TimeClassSummary,
)
from lifemetrics.dashboards.published import Row, fetch_rows
from lifemetrics.dashboards.stats import Z_95, Interval

TIME_CLASS_ORDER = ("rapid", "blitz", "bullet", "daily")
RESULT_COUNTS = """count(*) filter (where my_result = 'win') as wins,
    count(*) filter (where my_result = 'draw') as draws,
    count(*) filter (where my_result = 'loss') as losses,
    count(*) as games,
    coalesce(sum(my_score), 0) as points,
    coalesce(sum(my_expected_score), 0) as expected_points,
    coalesce(sum(my_expected_score * (1 - my_expected_score)), 0) as expected_variance"""
# Endings on the clock: time-trouble views leave them out, or they would only show the flag itself.
FLAG_ENDINGS = ("timeout", "timevsinsufficient")


def tracked_players(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Players with at least one published game, most games first."""
    rows = fetch_rows(
        con, "select player from fct_chess_games group by player order by count(*) desc, player"
    )
    return [row["player"] for row in rows]


def time_class_summaries(con: duckdb.DuckDBPyConnection, player: str) -> list[TimeClassSummary]:
    """Per time class: games, current rating, the rating 30 days before the player's last game day.

    Ratings are those of standard games: chess.com rates chess960 in a pool of its own, whose
    ratings in the same line would read as a fall of hundreds of points.
    """
    rows = fetch_rows(
        con,
        """
        with games as (
            select time_class, game_date, end_time, my_rating, my_pre_game_rating,
                rules = 'chess' as standard
            from fct_chess_games where player = $player
        ), reference as (select max(game_date) - 30 as since from games)
        select time_class,
            count(*) as games,
            min(game_date) as first_day,
            max(game_date) as last_day,
            arg_max(my_rating, end_time) filter (where standard) as current_rating,
            count(*) filter (where standard and game_date > since) as games_30d,
            coalesce(
                arg_max(my_rating, end_time) filter (where standard and game_date <= since),
                arg_min(coalesce(my_pre_game_rating, my_rating), end_time) filter (where standard)
            ) as rating_30d_ago
        from games, reference
        group by time_class, since
        """,
        {"player": player},
    )
    summaries = [TimeClassSummary(**row) for row in rows]
    return sorted(summaries, key=lambda summary: time_class_rank(summary.time_class))


def rating_history(con: duckdb.DuckDBPyConnection, player: str) -> list[RatingPoint]:
    """Standard games' rating after the last game of each day of the last year, of each week before,
    per time class.

    A screen has fewer pixels than ten years have days: weekly points keep long histories light,
    while the last year (what the 1m/3m/1y buttons zoom to) keeps every day.
    """
    rows = fetch_rows(
        con,
        """with games as (
               select time_class, game_date, end_time, my_rating
               from fct_chess_games where player = $player and rules = 'chess'
           ),
           recent as (select max(game_date) - 365 as since from games)
           select time_class, max(game_date) as day, arg_max(my_rating, end_time) as rating
           from games, recent
           group by time_class, if(game_date > since, game_date, date_trunc('week', game_date)::date)
           order by time_class, day""",
        {"player": player},
    )
    return [RatingPoint(**row) for row in rows]


RATING_GAP_BANDS = ("≤ −150", "−150 to −50", "±50", "+50 to +150", "≥ +150")
CLOCK_BANDS = ("< 5%", "5–10%", "10–25%", "25–50%", "≥ 50%")
# My clock left at the end as a share of the starting clock, NULL for games that ended on it.
CLOCK_SHARE = """case when not list_contains($flags, coalesce(end_reason, '')) then
    my_remaining_time_seconds / nullif(
        case when time_control like '%/%'
             then try_cast(split_part(time_control, '/', 2) as double)
             else try_cast(split_part(time_control, '+', 1) as double) end, 0) end"""
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
    - `clock_band` (`CLOCK_BANDS`): my clock left at the end as a share of the starting clock,
      for games that did not end on the clock (`FLAG_ENDINGS`): how I play short of time, not
      the flags themselves.
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
                {CLOCK_SHARE} as share_left
            from fct_chess_games where player = $player
        ), banded as (
            select time_class, my_result, my_score, my_expected_score, {dimensions} from games
        )
        select time_class, case {which} end as breakdown, {", ".join(BREAKDOWNS)}, {RESULT_COUNTS}
        from banded group by grouping sets ({grouping_sets})
        order by time_class, breakdown, games desc, {", ".join(BREAKDOWNS)}
        """,
        {"player": player, "weekly": weekly, "flags": list(FLAG_ENDINGS)},
    )
    result: dict[str, Breakdowns] = {}
    for row in rows:
        name = row["breakdown"]
        if row[name] is not None:
            group = Group(row[name], _counts(row))
            result.setdefault(row["time_class"], {}).setdefault(name, []).append(group)
    return result


def opening_families(con: duckdb.DuckDBPyConnection, player: str) -> dict[str, list[OpeningFamily]]:
    """Per time class, every opening family of `ranked_opening_families`, most played first."""
    rows = fetch_rows(
        con,
        """select time_class, my_color, opening_family, total_wins as wins, total_draws as draws,
               total_losses as losses, total_games as games, score * total_games as points,
               expected_score * total_games as expected_points,
               score_difference, difference_low, difference_high,
               adjusted_difference_low, adjusted_difference_high, is_compared, families_compared,
               verdict, verdict_rank, opening_names
           from ranked_opening_families where player = $player
           order by time_class, my_color desc, total_games desc, opening_family""",
        {"player": player},
    )
    by_time_class: dict[str, list[OpeningFamily]] = {}
    for row in rows:
        half_width = (row["difference_high"] - row["difference_low"]) / 2
        variance = (half_width * row["games"] / Z_95) ** 2
        counts = ResultCounts(
            row["wins"],
            row["draws"],
            row["losses"],
            row["games"],
            row["points"],
            row["expected_points"],
            variance,
        )
        adjusted = None
        if row["adjusted_difference_low"] is not None:
            adjusted = Interval(
                row["score_difference"],
                row["adjusted_difference_low"],
                row["adjusted_difference_high"],
            )
        family = OpeningFamily(
            row["my_color"],
            row["opening_family"],
            counts,
            Interval(row["score_difference"], row["difference_low"], row["difference_high"]),
            adjusted,
            row["is_compared"],
            row["families_compared"],
            row["verdict"],
            row["verdict_rank"],
            tuple((name["opening_name"], name["total_games"]) for name in row["opening_names"]),
        )
        by_time_class.setdefault(row["time_class"], []).append(family)
    return by_time_class


ACCURACY_BREAKDOWNS = {
    "month": "date_trunc('month', game_date)::date",
    "opening_family": "opening_family",
    "clock_band": BREAKDOWNS["clock_band"],
}


def accuracy_breakdowns(
    con: duckdb.DuckDBPyConnection, player: str
) -> dict[str, dict[str, list[AccuracyPoint]]]:
    """chess.com's mean accuracies per time class by month, opening family and clock left (the
    `clock_band` of `result_breakdowns`), over the games chess.com analysed."""
    dimensions = ", ".join(f"{sql} as {name}" for name, sql in ACCURACY_BREAKDOWNS.items())
    grouping_sets = ", ".join(f"(time_class, {name})" for name in ACCURACY_BREAKDOWNS)
    which = " ".join(f"when grouping({name}) = 0 then '{name}'" for name in ACCURACY_BREAKDOWNS)
    rows = fetch_rows(
        con,
        f"""
        with games as (
            select *, {CLOCK_SHARE} as share_left
            from fct_chess_games
            where player = $player and my_accuracy is not null and opponent_accuracy is not null
        ), banded as (
            select time_class, my_accuracy, opponent_accuracy, {dimensions} from games
        )
        select time_class, case {which} end as breakdown, {", ".join(ACCURACY_BREAKDOWNS)},
            count(*) as games, avg(my_accuracy) as mine, avg(opponent_accuracy) as opponents
        from banded group by grouping sets ({grouping_sets})
        order by time_class, breakdown, {", ".join(ACCURACY_BREAKDOWNS)}
        """,
        {"player": player, "flags": list(FLAG_ENDINGS)},
    )
    result: dict[str, dict[str, list[AccuracyPoint]]] = {}
    for row in rows:
        name = row["breakdown"]
        if row[name] is not None:
            point = AccuracyPoint(row[name], row["games"], row["mine"], row["opponents"])
            result.setdefault(row["time_class"], {}).setdefault(name, []).append(point)
    return result


def published_day(con: duckdb.DuckDBPyConnection, timezone: str) -> date | None:
    """The local day the tables were published: a period is complete once it ended before it."""
    rows = fetch_rows(
        con,
        "select (max(published_at) at time zone $zone)::date as day from publish_info",
        {"zone": timezone},
    )
    return rows[0]["day"] if rows else None


def _counts(row: Row) -> ResultCounts:
    """The `RESULT_COUNTS` columns of a row."""
    return ResultCounts(
        row["wins"],
        row["draws"],
        row["losses"],
        row["games"],
        row["points"],
        row["expected_points"],
        row["expected_variance"],
    )


# The games page's columns: name -> SQL (chess.com addresses without their site, which the page
# puts back), then the string columns the page sends as positions in a dictionary each.
GAME_VALUE_COLUMNS = {
    "game_date": "strftime(game_date, '%Y-%m-%d')",
    "rated": "rated",
    "opponent_rating": "opponent_rating",
    "my_rating": "my_rating",
    "my_accuracy": "round(my_accuracy, 1)",
    "opponent_accuracy": "round(opponent_accuracy, 1)",
    "url": "if(starts_with(url, 'https://www.chess.com/'), substr(url, 23), url)",
}
GAME_STRING_COLUMNS = (
    "time_class",
    "my_color",
    "opponent_username",
    "my_result",
    "end_reason",
    "opening_family",
    "opening_name",
    "rules",
)


def game_columns(con: duckdb.DuckDBPyConnection, player: str) -> pa.Table:
    """Every game of a player for the games page, newest first, as an Arrow table (no Python row
    per game: a club's history is a million of them)."""
    selected = ", ".join(
        [f"{sql} as {name}" for name, sql in GAME_VALUE_COLUMNS.items()] + list(GAME_STRING_COLUMNS)
    )
    return con.execute(
        f"select {selected} from fct_chess_games where player = $player order by end_time desc, uuid",
        {"player": player},
    ).fetch_arrow_table()


def time_class_rank(time_class: str) -> tuple[int, str]:
    """Sort key: rapid, blitz, bullet, daily, then anything else alphabetically."""
    if time_class in TIME_CLASS_ORDER:
        return (TIME_CLASS_ORDER.index(time_class), time_class)
    return (len(TIME_CLASS_ORDER), time_class)
