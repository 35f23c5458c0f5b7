"""A player's chess page: ratings on top, then one section per time class behind a switch."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import duckdb

from lifemetrics.chess_result_codes import labels as end_reason_labels
from lifemetrics.dashboards.chess import charts
from lifemetrics.dashboards.chess import findings as say
from lifemetrics.dashboards.chess import queries as q
from lifemetrics.dashboards.chess.records import (
    Breakdowns,
    Group,
    RankedOpening,
    ResultCounts,
    TimeClassSummary,
)
from lifemetrics.dashboards.pages import SitePage, Subject
from lifemetrics.dashboards.parts import Chart, EmptyState, Kpi, make_chart
from lifemetrics.dashboards.stats import SMALL_SAMPLE_GAMES
from lifemetrics.settings import Settings

DEFAULT_TIME_CLASS = "rapid"
HOUR_BANDS = tuple(f"{start:02d}:00–{(start + 3) % 24:02d}:00" for start in range(0, 24, 3))
HOUR_TICKS = tuple(f"{start}h" for start in range(0, 24, 3))
CHESS_EMPTY = EmptyState(
    "No chess games published yet",
    (
        "Set `LIFEMETRICS_CHESS_USERNAMES` (your chess.com username) and `LIFEMETRICS_CONTACT`.",
        "Run `lifemetrics ingest chess`, then `lifemetrics build`, then `lifemetrics dashboard`.",
        "Or see everything on synthetic data first: `lifemetrics demo`.",
    ),
)


@dataclass(frozen=True)
class TimeClassSection:
    """Everything shown under one tab of the time-class switch."""

    time_class: str
    games: int
    kpis: list[Kpi]
    charts: list[Chart]

    @property
    def label(self) -> str:
        """The tab's text."""
        return self.time_class.capitalize()


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

    @property
    def label(self) -> str:
        """The page's header link and title."""
        return f"Chess · {self.player}" if self.player else "Chess"


def site_pages(con: duckdb.DuckDBPyConnection | None, settings: Settings) -> list[SitePage]:
    """A page per tracked player, or one empty chess page when no game was published."""
    pages = [build_chess_page(con, player) for player in _players(con, settings.chess_usernames)]
    if not pages:
        pages = [ChessPage("", "chess.html", empty=CHESS_EMPTY)]
    return [
        SitePage(
            page.file_name,
            page.label,
            "chess/page.html",
            "chess/overview.html",
            page,
            not page.empty,
        )
        for page in pages
    ]


CHESS = Subject("chess", "Chess", "chess*.html", site_pages)


def _players(con: duckdb.DuckDBPyConnection | None, configured: list[str]) -> list[str]:
    """Configured players first (the first is 'me'), then any other player with published games."""
    published = q.tracked_players(con) if con is not None else []
    return list(dict.fromkeys([*configured, *published]))


def chess_file_name(player: str) -> str:
    """The page's file name: chess.com usernames are letters, digits, '_' and '-', others become '_'."""
    safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in player)
    return f"chess-{safe}.html"


def build_chess_page(con: duckdb.DuckDBPyConnection | None, player: str) -> ChessPage:
    """Query and chart everything shown for one player."""
    summaries = q.time_class_summaries(con, player) if con is not None else []
    if not summaries:
        return ChessPage(player, chess_file_name(player), empty=CHESS_EMPTY)
    default = _default_time_class(summaries)
    weekly = [summary.time_class for summary in summaries if summary.grain == "week"]
    breakdowns = q.result_breakdowns(con, player, weekly)
    openings = q.ranked_openings(con, player)
    return ChessPage(
        player=player,
        file_name=chess_file_name(player),
        rating_kpis=[say.rating_kpi(summary) for summary in summaries],
        rating_chart=_rating_chart(con, player, summaries, default),
        sections=[
            build_section(
                summary,
                breakdowns.get(summary.time_class, {}),
                openings.get(summary.time_class, []),
            )
            for summary in summaries
        ],
        default_time_class=default,
        games=sum(summary.games for summary in summaries),
        first_day=min(summary.first_day for summary in summaries),
        last_day=max(summary.last_day for summary in summaries),
    )


def _default_time_class(summaries: list[TimeClassSummary]) -> str:
    """Rapid when played (the time class the models rank openings for), else the most played."""
    classes = {summary.time_class: summary.games for summary in summaries}
    if DEFAULT_TIME_CLASS in classes:
        return DEFAULT_TIME_CLASS
    return max(classes, key=classes.__getitem__)


def _rating_chart(
    con: duckdb.DuckDBPyConnection, player: str, summaries: list[TimeClassSummary], default: str
) -> Chart:
    """Rating over time, one line per time class; the title gives the default class's trend."""
    history: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for point in q.rating_history(con, player):
        history[point.time_class].append((point.day, point.rating))
    ordered = {summary.time_class: history[summary.time_class] for summary in summaries}
    main = next(summary for summary in summaries if summary.time_class == default)
    first = min(summary.first_day for summary in summaries)
    last = max(summary.last_day for summary in summaries)
    return make_chart(
        "rating",
        say.rating_trend(main),
        "Rating after the last game of each day (of each week before the last year), per time class",
        charts.rating_lines(ordered, first, last),
        wide=True,
        html_legend=True,
    )


def build_section(
    summary: TimeClassSummary, breakdowns: Breakdowns, openings: list[RankedOpening]
) -> TimeClassSection:
    """Chart one time class of a player from its `q.result_breakdowns` and `q.ranked_openings`."""
    key = summary.time_class
    colors = {group.key: group.counts for group in breakdowns.get("color", [])}
    endings = _merge_end_reasons(breakdowns.get("end_reason", []))
    clocks = _fill_bands(breakdowns.get("clock_band", []), len(q.CLOCK_BANDS))
    chart_list = [
        _period_chart(breakdowns["period"], summary, key),
        _color_chart(colors, key),
        *_opening_charts(openings, colors, key),
        _hour_chart(breakdowns.get("band_start", []), key),
        _rating_gap_chart(breakdowns.get("gap_band", []), key),
        _ending_chart(endings, key),
        _clock_chart(clocks, key),
    ]
    kpis = [
        say.color_kpi(colors),
        *say.opening_kpis(openings, colors),
        say.time_loss_kpi(endings),
    ]
    return TimeClassSection(
        summary.time_class,
        summary.games,
        [kpi for kpi in kpis if kpi],
        [chart for chart in chart_list if chart],
    )


def _period_chart(periods: list[Group], summary: TimeClassSummary, key: str) -> Chart:
    """Games per week (short histories) or month, stacked by result."""
    rows = sorted(periods, key=lambda group: group.key)
    return make_chart(
        f"{key}-periods",
        say.last_full_period(rows, summary),
        f"Games per {summary.grain}: wins, draws and losses",
        charts.result_counts_over_time(rows, summary.grain),
        wide=True,
    )


def _color_chart(colors: dict[str, ResultCounts], key: str) -> Chart | None:
    """Results with white and with black side by side."""
    shown = [color for color in say.COLORS if color in colors]
    if not shown:
        return None
    return make_chart(
        f"{key}-colors",
        say.color_finding(colors) or "Results by colour",
        "Share of wins, draws and losses per colour",
        charts.result_shares(
            [color.capitalize() for color in shown],
            [colors[color] for color in shown],
            horizontal=True,
        ),
        wide=True,
        height=170,
    )


def _opening_charts(
    openings: list[RankedOpening], colors: dict[str, ResultCounts], key: str
) -> list[Chart]:
    """Best and worst openings with each colour, with a Wilson interval on each win rate."""
    result = []
    for color in say.COLORS:
        rows = _distinct_openings([row for row in openings if row.color == color])
        if not rows or color not in colors:
            continue
        average = colors[color].rate
        subtitle = (
            f"Win rate of your best and worst openings with {color}; whiskers: 95% interval; "
            f"hatched: under {SMALL_SAMPLE_GAMES} games; dotted: your average ({average:.0%})"
        )
        result.append(
            make_chart(
                f"{key}-openings-{color}",
                say.opening_advice(openings, color, average),
                subtitle,
                charts.opening_bars(rows, average),
                height=50 + 44 * len(rows),
            )
        )
    return result


def _distinct_openings(rows: list[RankedOpening]) -> list[RankedOpening]:
    """Best and worst lists merged (they overlap when few openings qualify), best win rate first."""
    unique = {row.opening: row for row in rows}
    return sorted(unique.values(), key=lambda row: (-row.counts.rate, -row.counts.games))


def _fill_bands(groups: list[Group], count: int, step: int = 1) -> list[Group]:
    """Every band in order, empty ones as zero games, so the axis never skips a band."""
    by_band = {group.key: group for group in groups}
    return [
        by_band.get(index * step, Group(index * step, ResultCounts())) for index in range(count)
    ]


def _hour_chart(groups: list[Group], key: str) -> Chart:
    """Results per three hours of the (local) time of day."""
    bands = _fill_bands(groups, 8, step=3)
    return make_chart(
        f"{key}-hours",
        say.best_hours(HOUR_BANDS, bands),
        "Share of wins, draws and losses per 3 hours of the local time the game ended"
        " (games under each)",
        charts.result_shares(HOUR_TICKS, [band.counts for band in bands], horizontal=False),
    )


def _rating_gap_chart(groups: list[Group], key: str) -> Chart:
    """Results against weaker, similar and stronger opponents."""
    bands = _fill_bands(groups, len(q.RATING_GAP_BANDS))
    return make_chart(
        f"{key}-rating-gap",
        say.rating_gap_finding(bands),
        "Opponent's rating minus yours before the game (games under each band)",
        charts.result_shares(q.RATING_GAP_BANDS, [band.counts for band in bands], horizontal=False),
    )


def _merge_end_reasons(groups: list[Group]) -> list[Group]:
    """Result codes under readable endings ('Other' for the rare variant codes), most common first."""
    merged: dict[str, ResultCounts] = {}
    for group in groups:
        label = end_reason_labels().get(group.key, "Other")
        merged[label] = merged.get(label, ResultCounts()) + group.counts
    endings = [Group(label, counts) for label, counts in merged.items()]
    return sorted(endings, key=lambda ending: -ending.counts.games)


def _ending_chart(endings: list[Group], key: str) -> Chart | None:
    """How games end, split by result."""
    if not endings:
        return None
    return make_chart(
        f"{key}-endings",
        say.ending_finding(endings),
        "Games per ending, by result",
        charts.end_reason_bars(
            [ending.key for ending in endings], [ending.counts for ending in endings]
        ),
        height=60 + 28 * len(endings),
    )


def _clock_chart(bands: list[Group], key: str) -> Chart | None:
    """Results by how much of the clock was left at the end: time trouble made visible."""
    if not any(band.counts.games for band in bands):
        return None
    return make_chart(
        f"{key}-clock",
        say.clock_finding(bands),
        "Your clock left at the end, as a share of the starting time (games under each band)",
        charts.result_shares(q.CLOCK_BANDS, [band.counts for band in bands], horizontal=False),
    )
