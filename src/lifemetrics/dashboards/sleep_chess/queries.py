"""The published sleep-and-chess tables, read as typed rows."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lifemetrics.dashboards.published import fetch_rows


@dataclass(frozen=True)
class Effect:
    """One row of `chess_health_effects`: top-third nights against bottom-third nights."""

    player: str
    time_class: str
    measure: str
    games: int
    days: int
    compared_games: int
    effect: float
    ci_low: float | None
    ci_high: float | None
    bottom_up_to: float
    top_from: float
    bottom_games: int
    bottom_vs_expected: float
    bottom_ci_low: float | None
    bottom_ci_high: float | None
    top_games: int
    top_vs_expected: float


@dataclass(frozen=True)
class Band:
    """One row of `chess_health_bands`: a third of the game days by one night measure."""

    measure: str
    band: str
    days: int
    games: int
    low_value: float
    high_value: float
    vs_expected: float
    ci_low: float | None
    ci_high: float | None


def players_with_effects(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Players with at least one published effect."""
    rows = fetch_rows(con, "select distinct player from chess_health_effects order by player")
    return [row["player"] for row in rows]


def effects(con: duckdb.DuckDBPyConnection, player: str) -> list[Effect]:
    """Every effect of one player."""
    rows = fetch_rows(
        con,
        "select * from chess_health_effects where player = $player order by time_class, measure",
        {"player": player},
    )
    return [Effect(**row) for row in rows]


def bands(con: duckdb.DuckDBPyConnection, player: str, time_class: str = "all") -> list[Band]:
    """The thirds of one player's game days for every measure, in one time class."""
    rows = fetch_rows(
        con,
        """select measure, band, days, games, low_value, high_value, vs_expected, ci_low, ci_high
           from chess_health_bands where player = $player and time_class = $time_class
           order by measure, band_number""",
        {"player": player, "time_class": time_class},
    )
    return [Band(**row) for row in rows]


def overlap_days(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Per player with rated games, the game days that have any night measure (0: none)."""
    rows = fetch_rows(
        con,
        """select g.player, count(distinct h.day) as days
           from fct_chess_games g left join daily_health h on h.day = g.game_date
           where g.rated and g.time_class <> 'daily'
           group by g.player""",
    )
    return {row["player"]: row["days"] for row in rows}
