"""A player's chess page: ratings on top, then one section per time class behind a switch."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote, urlencode

import duckdb

from lifemetrics.chess_result_codes import labels as end_reason_labels
from lifemetrics.dashboards.chess import charts
from lifemetrics.dashboards.chess import findings as say
from lifemetrics.dashboards.chess import queries as q
from lifemetrics.dashboards.chess.analysis_section import AnalysisSection, build_analysis_section
from lifemetrics.dashboards.chess.games_page import GamesPage, build_games_page, games_file_name
from lifemetrics.dashboards.chess.records import (
    AccuracyPoint,
    Breakdowns,
    Group,
    OpeningFamily,
    ResultCounts,
    TimeClassSummary,
)
from lifemetrics.dashboards.pages import SitePage, Subject
from lifemetrics.dashboards.parts import Chart, EmptyState, Kpi, make_chart
from lifemetrics.dashboards.stats import SMALL_SAMPLE_GAMES
from lifemetrics.dashboards.wording import count_of, percent, points_interval
from lifemetrics.settings import Settings

DEFAULT_TIME_CLASS = "rapid"
# Time classes without a clock that runs during a sitting: no clock or time-of-day charts.
CORRESPONDENCE = ("daily",)
FAMILIES_CHARTED = 12
FAMILIES_BY_ACCURACY = 10
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
class FamilyRow:
    """A line of a section's opening-family table, linking to the family's games."""

    color: str
    family: str
    games: int
    results: str
    score: str
    expected: str
    difference: str
    verdict: str
    games_link: str


@dataclass(frozen=True)
class TimeClassSection:
    """Everything shown under one tab of the time-class switch."""

    time_class: str
    games: int
    kpis: list[Kpi]
    charts: list[Chart]
    families: list[FamilyRow] = field(default_factory=list)
    games_link: str = ""

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
    games_file: str = ""
    analysis: AnalysisSection | None = None

    @property
    def label(self) -> str:
        """The page's header link and title."""
        return f"Chess · {self.player}" if self.player else "Chess"


def site_pages(con: duckdb.DuckDBPyConnection | None, settings: Settings) -> list[SitePage]:
    """Per tracked player a chess page and a games page; one empty chess page without games."""
    today = q.published_day(con, settings.timezone) if con is not None else None
    players = _players(con, settings.chess_usernames)
    pages = [build_chess_page(con, player, today or date.today()) for player in players]
    if not pages:
        pages = [ChessPage("", "chess.html", empty=CHESS_EMPTY)]
    site = []
    for page in pages:
        site.append(
            SitePage(
                page.file_name,
                page.label,
                "chess/page.html",
                "chess/overview.html",
                page,
                not page.empty,
            )
        )
        if page.games_file:
            games = build_games_page(con, page.player, page.games_file, page.file_name)
            site.append(_games_site_page(games))
    return site


def _games_site_page(games: GamesPage) -> SitePage:
    """The games page of a player as the site builder takes it (no card of its own on the index)."""
    return SitePage(
        games.file_name, games.label, "chess/games.html", "chess/games_overview.html", games, False
    )


CHESS = Subject("chess", "Chess", "chess*.html", site_pages)


def _players(con: duckdb.DuckDBPyConnection | None, configured: list[str]) -> list[str]:
    """Configured players first (the first is 'me'), then any other player with published games."""
    published = q.tracked_players(con) if con is not None else []
    return list(dict.fromkeys([*configured, *published]))


def chess_file_name(player: str) -> str:
    """The page's file name: chess.com usernames are letters, digits, '_' and '-', others become '_'."""
    safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in player)
    return f"chess-{safe}.html"


def build_chess_page(con: duckdb.DuckDBPyConnection | None, player: str, today: date) -> ChessPage:
    """Query and chart everything shown for one player; `today` is the day of publishing."""
    summaries = q.time_class_summaries(con, player) if con is not None else []
    if not summaries:
        return ChessPage(player, chess_file_name(player), empty=CHESS_EMPTY)
    default = _default_time_class(summaries)
    weekly = [summary.time_class for summary in summaries if summary.grain == "week"]
    breakdowns = q.result_breakdowns(con, player, weekly)
    families = q.opening_families(con, player)
    accuracy = q.accuracy_breakdowns(con, player)
    games_file = games_file_name(player)
    return ChessPage(
        player=player,
        file_name=chess_file_name(player),
        rating_kpis=[say.rating_kpi(summary) for summary in rated(summaries)],
        rating_chart=_rating_chart(con, player, summaries, default),
        sections=[
            build_section(
                SectionData(
                    summary,
                    breakdowns.get(summary.time_class, {}),
                    families.get(summary.time_class, []),
                    accuracy.get(summary.time_class, {}),
                ),
                today,
                games_file,
                len(summaries),
            )
            for summary in summaries
        ],
        default_time_class=default,
        games=sum(summary.games for summary in summaries),
        first_day=min(summary.first_day for summary in summaries),
        last_day=max(summary.last_day for summary in summaries),
        games_file=games_file,
        analysis=build_analysis_section(con, player),
    )


def _default_time_class(summaries: list[TimeClassSummary]) -> str:
    """Rapid when played (the time class the models rank openings for), else the most played."""
    classes = {summary.time_class: summary.games for summary in summaries}
    if DEFAULT_TIME_CLASS in classes:
        return DEFAULT_TIME_CLASS
    return max(classes, key=classes.__getitem__)


def rated(summaries: list[TimeClassSummary]) -> list[TimeClassSummary]:
    """The time classes with a standard game: those with a rating to show."""
    return [summary for summary in summaries if summary.current_rating is not None]


def _rating_chart(
    con: duckdb.DuckDBPyConnection, player: str, summaries: list[TimeClassSummary], default: str
) -> Chart | None:
    """Standard games' rating over time, one line per time class; the title gives the default
    class's trend (or the first rated class's); None when no standard game was played."""
    with_rating = rated(summaries)
    if not with_rating:
        return None
    history: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for point in q.rating_history(con, player):
        history[point.time_class].append((point.day, point.rating))
    ordered = {summary.time_class: history[summary.time_class] for summary in with_rating}
    main = next(
        (summary for summary in with_rating if summary.time_class == default), with_rating[0]
    )
    first = min(summary.first_day for summary in summaries)
    last = max(summary.last_day for summary in summaries)
    return make_chart(
        "rating",
        say.rating_trend(main),
        "Rating of standard games after the last game of each day (of each week before the last"
        " year), per time class",
        charts.rating_lines(ordered, first, last),
        wide=True,
        html_legend=True,
    )


@dataclass(frozen=True)
class SectionData:
    """What the queries returned for one time class of a player."""

    summary: TimeClassSummary
    breakdowns: Breakdowns
    families: list[OpeningFamily]
    accuracy: dict[str, list[AccuracyPoint]]


def build_section(
    data: SectionData, today: date, games_file: str, classes: int = 1
) -> TimeClassSection:
    """Chart one time class of a player; clock and time-of-day views only where a clock runs.

    `classes` is how many time classes the page states findings for (each is widened for it).
    """
    summary, breakdowns = data.summary, data.breakdowns
    key = summary.time_class
    colors = {group.key: group.counts for group in breakdowns.get("color", [])}
    endings = _merge_end_reasons(breakdowns.get("end_reason", []))
    clocks = _fill_bands(breakdowns.get("clock_band", []), len(q.CLOCK_BANDS))
    timed = key not in CORRESPONDENCE
    chart_list = [
        _period_chart(breakdowns["period"], summary, today, key),
        _color_chart(colors, key, classes),
        *_family_charts(data.families, key),
        _hour_chart(breakdowns.get("band_start", []), key, classes) if timed else None,
        _rating_gap_chart(breakdowns.get("gap_band", []), key, classes),
        _ending_chart(endings, key),
        _clock_chart(clocks, key, classes) if timed else None,
        *_accuracy_charts(data.accuracy, key, timed),
    ]
    kpis = [
        say.color_kpi(colors, classes),
        *say.opening_kpis(data.families),
        say.time_loss_kpi(endings),
    ]
    return TimeClassSection(
        summary.time_class,
        summary.games,
        [kpi for kpi in kpis if kpi],
        [chart for chart in chart_list if chart],
        [_family_row(family, key, games_file) for family in data.families],
        games_link(games_file, time_class=key),
    )


def games_link(games_file: str, **filters: str) -> str:
    """The games page opened on some filters: 'chess-games-x.html#time_class=blitz&color=white'."""
    return f"{games_file}#{urlencode(filters, quote_via=quote)}" if filters else games_file


def _family_row(family: OpeningFamily, time_class: str, games_file: str) -> FamilyRow:
    """One family of the table: its numbers as read, and a link to its games."""
    counts = family.counts
    interval = family.adjusted or family.difference
    verdict = family.verdict or ("no clear difference" if family.compared else "too few games")
    return FamilyRow(
        family.color,
        family.family,
        counts.games,
        f"{counts.wins} / {counts.draws} / {counts.losses}",
        percent(counts.score),
        percent(counts.expected_score),
        f"{100 * family.difference.value:+.0f} ({points_interval(interval.low, interval.high)})",
        verdict,
        games_link(games_file, time_class=time_class, color=family.color, family=family.family),
    )


def _period_chart(periods: list[Group], summary: TimeClassSummary, today: date, key: str) -> Chart:
    """Games per week (short histories) or month, stacked by result."""
    rows = sorted(periods, key=lambda group: group.key)
    return make_chart(
        f"{key}-periods",
        say.last_complete_period(rows, summary.grain, today),
        f"Games per {summary.grain}: wins, draws and losses",
        charts.result_counts_over_time(rows, summary.grain),
        wide=True,
    )


def _color_chart(colors: dict[str, ResultCounts], key: str, classes: int) -> Chart | None:
    """Results with white and with black side by side."""
    shown = [color for color in say.COLORS if color in colors]
    if not shown:
        return None
    return make_chart(
        f"{key}-colors",
        say.color_finding(colors, classes) or "Results by colour",
        "Share of wins, draws and losses per colour; score counts a draw as 1/2; the interval is"
        " 95% for the page's colour findings together (widened for the time classes shown)",
        charts.result_shares(
            [color.capitalize() for color in shown],
            [colors[color] for color in shown],
            horizontal=True,
        ),
        wide=True,
        height=170,
    )


def _family_charts(families: list[OpeningFamily], key: str) -> list[Chart]:
    """Per colour, the most played opening families (and any with a verdict) against the ratings."""
    result = []
    for color in say.COLORS:
        rows = [family for family in families if family.color == color]
        if not rows:
            continue
        shown = rows[:FAMILIES_CHARTED] + [f for f in rows[FAMILIES_CHARTED:] if f.verdict]
        subtitle = (
            f"Score minus what the ratings predicted, in points per 100 games, for your"
            f" {len(shown)} most played families with {color}; whiskers: interval widened for the"
            f" families compared; hatched: under {SMALL_SAMPLE_GAMES} games (not compared)"
        )
        result.append(
            make_chart(
                f"{key}-openings-{color}",
                say.opening_advice(families, color),
                subtitle,
                charts.family_bars(shown),
                height=50 + 44 * len(shown),
            )
        )
    return result


def _accuracy_charts(
    accuracy: dict[str, list[AccuracyPoint]], key: str, timed: bool
) -> list[Chart | None]:
    """chess.com's accuracies over time, by opening family and (where a clock runs) by clock left."""
    months = accuracy.get("month", [])
    if not months:
        return []
    analysed = sum(point.games for point in months)
    over_time = make_chart(
        f"{key}-accuracy",
        f"Your accuracy {months[-1].mine:.0f} in {months[-1].key:%B %Y}"
        f" ({count_of(months[-1].games, 'game')}); opponents {months[-1].opponents:.0f}",
        f"chess.com's mean accuracy per month, yours and your opponents',"
        f" over the {count_of(analysed, 'game')} chess.com analysed",
        charts.accuracy_lines(months),
        wide=True,
    )
    by_family = sorted(accuracy.get("opening_family", []), key=lambda point: -point.games)
    by_family = by_family[:FAMILIES_BY_ACCURACY]
    family_chart = (
        make_chart(
            f"{key}-accuracy-families",
            "Accuracy by opening family",
            f"Mean accuracy in your {len(by_family)} most played families (games under each)",
            charts.accuracy_bars([point.key for point in by_family], by_family),
            height=60 + 40 * len(by_family),
        )
        if by_family
        else None
    )
    bands = {point.key: point for point in accuracy.get("clock_band", [])}
    clock_chart = None
    if timed and bands:
        ordered = [bands[index] for index in range(len(q.CLOCK_BANDS)) if index in bands]
        labels = [q.CLOCK_BANDS[index] for index in range(len(q.CLOCK_BANDS)) if index in bands]
        clock_chart = make_chart(
            f"{key}-accuracy-clock",
            "Accuracy by clock left at the end",
            "Mean accuracy by your clock left at the end, as a share of the starting time;"
            " games that ended on the clock left out (games under each)",
            charts.accuracy_bars(labels, ordered),
            height=60 + 40 * len(ordered),
        )
    return [over_time, family_chart, clock_chart]


def _fill_bands(groups: list[Group], count: int, step: int = 1) -> list[Group]:
    """Every band in order, empty ones as zero games, so the axis never skips a band."""
    by_band = {group.key: group for group in groups}
    return [
        by_band.get(index * step, Group(index * step, ResultCounts())) for index in range(count)
    ]


def _hour_chart(groups: list[Group], key: str, classes: int) -> Chart:
    """Results per three hours of the (local) time of day."""
    bands = _fill_bands(groups, 8, step=3)
    return make_chart(
        f"{key}-hours",
        say.best_hours(HOUR_BANDS, bands, classes),
        "Share of wins, draws and losses per 3 hours of the local time the game ended"
        " (games under each)",
        charts.result_shares(HOUR_TICKS, [band.counts for band in bands], horizontal=False),
    )


def _rating_gap_chart(groups: list[Group], key: str, classes: int) -> Chart:
    """Results against weaker, similar and stronger opponents."""
    bands = _fill_bands(groups, len(q.RATING_GAP_BANDS))
    return make_chart(
        f"{key}-rating-gap",
        say.rating_gap_finding(bands, classes),
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


def _clock_chart(bands: list[Group], key: str, classes: int) -> Chart | None:
    """Results by how much of the clock was left at the end: time trouble made visible."""
    if not any(band.counts.games for band in bands):
        return None
    return make_chart(
        f"{key}-clock",
        say.clock_finding(bands, classes),
        "Your clock left at the end, as a share of the starting time, in games that did not end"
        " on the clock: how you do short of time, not the flags (games under each band)",
        charts.result_shares(q.CLOCK_BANDS, [band.counts for band in bands], horizontal=False),
    )
