"""A player's chess page: ratings on top, then one section per time class behind a switch (rapid first)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import duckdb

from lifemetrics.dashboards import chess_charts as charts
from lifemetrics.dashboards import chess_queries as q
from lifemetrics.dashboards.chess_section import TimeClassSection, build_section, period_grain
from lifemetrics.dashboards.page_parts import (
    CHESS_EMPTY,
    Chart,
    EmptyState,
    Kpi,
    make_chart,
    tone_of,
)
from lifemetrics.dashboards.queries import Row
from lifemetrics.dashboards.wording import count_of, signed

DEFAULT_TIME_CLASS = "rapid"


@dataclass(frozen=True)
class ChessPage:
    """What the chess template needs for one player (an empty state when nothing was published)."""

    player: str
    file_name: str
    rating_kpis: list[Kpi] = field(default_factory=list)
    rating_chart: Chart | None = None
    sections: list[TimeClassSection] = field(default_factory=list)
    default_time_class: str = DEFAULT_TIME_CLASS
    games: int = 0
    first_day: date | None = None
    last_day: date | None = None
    empty: EmptyState | None = None


def chess_file_name(player: str) -> str:
    """The page's file name: chess.com usernames are letters, digits, '_' and '-', anything else becomes '_'."""
    safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in player)
    return f"chess-{safe}.html"


def build_chess_page(con: duckdb.DuckDBPyConnection | None, player: str) -> ChessPage:
    """Query and chart everything shown for one player."""
    summaries = q.time_class_summaries(con, player) if con is not None else []
    if not summaries:
        return ChessPage(player, chess_file_name(player), empty=CHESS_EMPTY)
    default = _default_time_class(summaries)
    weekly = [summary["time_class"] for summary in summaries if period_grain(summary) == "week"]
    breakdowns = q.result_breakdowns(con, player, weekly)
    openings = q.ranked_openings(con, player)
    return ChessPage(
        player=player,
        file_name=chess_file_name(player),
        rating_kpis=[_rating_kpi(summary) for summary in summaries],
        rating_chart=_rating_chart(con, player, summaries, default),
        sections=[
            build_section(
                summary,
                breakdowns.get(summary["time_class"], {}),
                openings.get(summary["time_class"], []),
            )
            for summary in summaries
        ],
        default_time_class=default,
        games=sum(summary["games"] for summary in summaries),
        first_day=min(summary["first_day"] for summary in summaries),
        last_day=max(summary["last_day"] for summary in summaries),
    )


def _default_time_class(summaries: list[Row]) -> str:
    """Rapid when played (the seed's focus), else the time class with the most games."""
    classes = {summary["time_class"]: summary["games"] for summary in summaries}
    if DEFAULT_TIME_CLASS in classes:
        return DEFAULT_TIME_CLASS
    return max(classes, key=classes.__getitem__)


def _rating_change(summary: Row) -> int:
    """Rating points won or lost over the last 30 days."""
    return summary["current_rating"] - summary["rating_30d_ago"]


def _rating_kpi(summary: Row) -> Kpi:
    """Headline: current rating of a time class and its 30-day change."""
    change = _rating_change(summary)
    if summary["games_30d"]:
        detail = f"{signed(change)} in 30 days · {count_of(summary['games_30d'], 'game')}"
    else:
        detail = f"no games in the last 30 days · {summary['games']:,} in all"
    return Kpi(
        f"{summary['time_class'].capitalize()} rating",
        str(summary["current_rating"]),
        detail,
        tone_of(change, dead_band=5),
    )


def _rating_chart(
    con: duckdb.DuckDBPyConnection, player: str, summaries: list[Row], default: str
) -> Chart:
    """Rating over time, one line per time class; the title gives the default class's trend."""
    history: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for row in q.rating_history(con, player):
        history[row["time_class"]].append((row["game_date"], row["rating"]))
    ordered = {summary["time_class"]: history[summary["time_class"]] for summary in summaries}
    main = next(summary for summary in summaries if summary["time_class"] == default)
    change = _rating_change(main)
    trend = "up" if change > 0 else "down" if change < 0 else "unchanged"
    points = f" {abs(change)} points" if change else ""
    title = f"{default.capitalize()} rating {main['current_rating']}, {trend}{points} over the last 30 days"
    first = min(summary["first_day"] for summary in summaries)
    last = max(summary["last_day"] for summary in summaries)
    figure = charts.rating_lines(ordered, first, last)
    return make_chart(
        "rating",
        title,
        "Rating after the last game of each day (of each week before the last year), per time class",
        figure,
        wide=True,
        html_legend=True,
    )
