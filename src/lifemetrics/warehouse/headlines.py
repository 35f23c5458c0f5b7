"""A few headline numbers read from the published `analytics.duckdb`, for the end of `demo` and `run`."""

from __future__ import annotations

from pathlib import Path

from lifemetrics.warehouse.engine import connect

HEADLINE_QUERIES = {
    "games": "SELECT count(*) FROM fct_chess_games WHERE player = $player",
    "current rapid rating": (
        "SELECT arg_max(my_rating, end_time) FROM fct_chess_games WHERE time_class = 'rapid' AND player = $player"
    ),
    "sleep score, last 7 days": (
        "SELECT round(avg(sleep_score), 1) FROM daily_health "
        "WHERE day > (SELECT max(day) FROM daily_health) - INTERVAL 7 DAY"
    ),
}


def headline_numbers(analytics_path: Path, player: str) -> dict[str, object]:
    """`player`'s games and current rapid rating, the last 7 days' sleep score; empty when nothing is published."""
    if not analytics_path.exists():
        return {}
    with connect(analytics_path, read_only=True) as connection:
        return {
            name: connection.execute(
                query, {"player": player} if "$player" in query else {}
            ).fetchone()[0]
            for name, query in HEADLINE_QUERIES.items()
        }


def headline_lines(analytics_path: Path, player: str) -> list[str]:
    """The headline numbers as `name: value` lines, or a line saying nothing was published."""
    numbers = headline_numbers(analytics_path, player)
    if not numbers:
        return ["Nothing published yet."]
    return [f"{name}: {'-' if value is None else value}" for name, value in numbers.items()]
