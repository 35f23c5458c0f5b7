"""Chess aggregates for the dashboards, computed in SQL on `fct_chess_games` and the ranked tables.

Every query returns a handful of rows (per day, week, band or opening), never one row per game, so the
pages stay light however many games were played.
"""

from __future__ import annotations

from typing import Literal

import duckdb

from lifemetrics.dashboards.queries import Row, fetch_rows

TIME_CLASS_ORDER = ("rapid", "blitz", "bullet", "daily")
RESULT_COUNTS = """count(*) filter (where my_result = 'win') as wins,
    count(*) filter (where my_result = 'draw') as draws,
    count(*) filter (where my_result = 'loss') as losses,
    count(*) as games"""
GAMES_OF = "from fct_chess_games where player = $player and time_class = $time_class"


def tracked_players(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Players with at least one published game, most games first."""
    rows = fetch_rows(
        con, "select player from fct_chess_games group by player order by count(*) desc, player"
    )
    return [row["player"] for row in rows]


def time_class_summaries(con: duckdb.DuckDBPyConnection, player: str) -> list[Row]:
    """Per time class: games, current rating and its change over the 30 days before the player's last game day."""
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
    return sorted(rows, key=lambda row: _time_class_rank(row["time_class"]))


def rating_history(con: duckdb.DuckDBPyConnection, player: str) -> list[Row]:
    """Rating after the last game of each day over the last year, of each week before that, per time class.

    A screen has fewer pixels than ten years have days: weekly points keep long histories light,
    while the last year (what the 1m/3m/1y buttons zoom to) keeps every day.
    """
    return fetch_rows(
        con,
        """with games as (select time_class, game_date, end_time, my_rating from fct_chess_games where player = $player),
           recent as (select max(game_date) - 365 as since from games)
           select time_class, max(game_date) as game_date, arg_max(my_rating, end_time) as rating
           from games, recent
           group by time_class, if(game_date > since, game_date, date_trunc('week', game_date)::date)
           order by time_class, game_date""",
        {"player": player},
    )


def results_per_period(
    con: duckdb.DuckDBPyConnection, player: str, time_class: str, grain: Literal["week", "month"]
) -> list[Row]:
    """Wins, draws and losses per week or month."""
    return fetch_rows(
        con,
        f"""select date_trunc('{grain}', game_date)::date as period, {RESULT_COUNTS}
            {GAMES_OF} group by period order by period""",
        {"player": player, "time_class": time_class},
    )


def results_by_color(con: duckdb.DuckDBPyConnection, player: str, time_class: str) -> list[Row]:
    """Wins, draws and losses with white and with black."""
    return fetch_rows(
        con,
        f"select my_color as color, {RESULT_COUNTS} {GAMES_OF} group by my_color order by my_color desc",
        {"player": player, "time_class": time_class},
    )


def results_by_hour(con: duckdb.DuckDBPyConnection, player: str, time_class: str) -> list[Row]:
    """Results per three-hour band of the local time of day the game ended."""
    return fetch_rows(
        con,
        f"""select (hour_of_day // 3) * 3 as band_start, {RESULT_COUNTS}
            {GAMES_OF} and hour_of_day is not null group by band_start order by band_start""",
        {"player": player, "time_class": time_class},
    )


RATING_GAP_BANDS = ("≤ −150", "−150<br>to −50", "±50", "+50<br>to +150", "≥ +150")


def results_by_rating_gap(
    con: duckdb.DuckDBPyConnection, player: str, time_class: str
) -> list[Row]:
    """Results per band of (opponent's rating − mine) before the game.

    Post-game ratings lean towards the result (a win lifts mine and drops theirs), so both sides are
    taken before the game: mine is `my_pre_game_rating`, theirs is estimated as their post-game
    rating plus my change (rating points move from loser to winner).
    """
    return fetch_rows(
        con,
        f"""
        with gaps as (
            select my_result,
                opponent_rating + coalesce(my_rating - my_pre_game_rating, 0)
                    - coalesce(my_pre_game_rating, my_rating) as gap
            {GAMES_OF} and opponent_rating is not null and my_rating is not null
        )
        select case when gap <= -150 then 0 when gap < -50 then 1 when gap <= 50 then 2
                    when gap < 150 then 3 else 4 end as band,
            {RESULT_COUNTS}
        from gaps group by band order by band
        """,
        {"player": player, "time_class": time_class},
    )


def results_by_end_reason(
    con: duckdb.DuckDBPyConnection, player: str, time_class: str
) -> list[Row]:
    """How games ended (the API's result code that ended them), per result."""
    return fetch_rows(
        con,
        f"""select coalesce(end_reason, 'unknown') as end_reason, {RESULT_COUNTS}
            {GAMES_OF} group by all order by games desc, end_reason""",
        {"player": player, "time_class": time_class},
    )


CLOCK_BANDS = ("< 5%", "5–10%", "10–25%", "25–50%", "≥ 50%")


def results_by_clock_left(
    con: duckdb.DuckDBPyConnection, player: str, time_class: str
) -> list[Row]:
    """Results per band of my clock left at the end, as a share of the starting clock (games with a clock)."""
    return fetch_rows(
        con,
        f"""
        with clocks as (
            select my_result,
                my_remaining_time_seconds / nullif(
                    case when time_control like '%/%' then try_cast(split_part(time_control, '/', 2) as double)
                         else try_cast(split_part(time_control, '+', 1) as double) end, 0) as share_left
            {GAMES_OF} and my_remaining_time_seconds is not null
        )
        select case when share_left < 0.05 then 0 when share_left < 0.10 then 1 when share_left < 0.25 then 2
                    when share_left < 0.5 then 3 else 4 end as band,
            {RESULT_COUNTS}
        from clocks where share_left is not null group by band order by band
        """,
        {"player": player, "time_class": time_class},
    )


OPENING_STATS = f"""
    opening_stats as (
        select my_color as pieces_color, opening, {RESULT_COUNTS}
        {GAMES_OF} and is_standard and opening is not null
        group by my_color, opening
    )"""


def ranked_openings(con: duckdb.DuckDBPyConnection, player: str, time_class: str) -> list[Row]:
    """Best and worst five openings per colour, with their win/draw/loss counts.

    Rapid uses the published `ranked_best_openings` / `ranked_worst_openings`; other time classes
    apply the same rule (openings in at least 1% of the games, ranked by win ratio) in SQL.
    """
    params = {"player": player, "time_class": time_class}
    if time_class == "rapid":
        return fetch_rows(
            con,
            f"""
            with {OPENING_STATS},
            ranked as (
                select 'best' as list, pieces_color, opening, rank from ranked_best_openings where player = $player
                union all
                select 'worst', pieces_color, opening, rank from ranked_worst_openings where player = $player
            )
            select ranked.list, ranked.rank, opening_stats.*
            from ranked join opening_stats using (pieces_color, opening)
            order by pieces_color desc, list, rank
            """,
            params,
        )
    return fetch_rows(
        con,
        f"""
        with {OPENING_STATS},
        eligible as (
            select *, wins / games as win_ratio from opening_stats
            qualify games >= 0.01 * sum(games) over ()
        ),
        ranked as (
            select *, row_number() over (partition by pieces_color order by win_ratio desc, games desc, opening) as best,
                row_number() over (partition by pieces_color order by win_ratio asc, games desc, opening) as worst
            from eligible
        )
        select 'best' as list, best as rank, pieces_color, opening, wins, draws, losses, games
        from ranked where best <= 5
        union all
        select 'worst', worst, pieces_color, opening, wins, draws, losses, games from ranked where worst <= 5
        order by pieces_color desc, list, rank
        """,
        params,
    )


def _time_class_rank(time_class: str) -> tuple[int, str]:
    """Sort key: rapid, blitz, bullet, daily, then anything else alphabetically."""
    if time_class in TIME_CLASS_ORDER:
        return (TIME_CLASS_ORDER.index(time_class), time_class)
    return (len(TIME_CLASS_ORDER), time_class)
