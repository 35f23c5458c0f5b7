"""The sleep-and-chess page: for the ring's wearer (the first tracked player), whether results beat the
rating expectation more after good nights than after bad ones, and what bad nights cost."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from lifemetrics.dashboards.pages import SitePage
from lifemetrics.dashboards.parts import Chart, EmptyState, make_chart
from lifemetrics.dashboards.sleep_chess import charts
from lifemetrics.dashboards.sleep_chess import findings as say
from lifemetrics.dashboards.sleep_chess import queries as q
from lifemetrics.settings import Settings

FILE_NAME = "health-and-chess.html"
NO_OVERLAP = EmptyState(
    "No day has both a rated game and an Oura night yet",
    (
        "The ring's nights are paired with the rated games of the first tracked player"
        " (`LIFEMETRICS_CHESS_USERNAMES`).",
        "Load both: `lifemetrics ingest chess`, `lifemetrics ingest oura`, then `lifemetrics build`.",
    ),
)


@dataclass(frozen=True)
class SleepChessPage:
    """What the template needs: the player, the overlap, the findings and charts (or why there are none)."""

    player: str = ""
    overlap_days: int = 0
    headline: str = ""
    costs: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    too_little: str = ""
    empty: EmptyState | None = None
    file_name: str = FILE_NAME


def site_pages(con: duckdb.DuckDBPyConnection | None, settings: Settings) -> list[SitePage]:
    """The one sleep-and-chess page."""
    page = build_page(con, settings.chess_usernames)
    return [
        SitePage(
            FILE_NAME,
            "Sleep & chess",
            "sleep_chess/page.html",
            "sleep_chess/overview.html",
            page,
            bool(page.charts),
        )
    ]


def build_page(con: duckdb.DuckDBPyConnection | None, usernames: list[str]) -> SleepChessPage:
    """The page for the ring's wearer: the first tracked player (else the first with published games)."""
    if con is None:
        return SleepChessPage(empty=NO_OVERLAP)
    overlap = q.overlap_days(con)
    player = next((name for name in usernames if name in overlap), min(overlap, default=""))
    if not player or not overlap[player]:
        return SleepChessPage(player, empty=NO_OVERLAP)
    if overlap[player] < say.MIN_OVERLAP_DAYS:
        return SleepChessPage(
            player,
            overlap[player],
            too_little=(
                f"Not enough overlap yet: {overlap[player]} days have both a rated game and an Oura"
                f" night; at least {say.MIN_OVERLAP_DAYS} are needed to compare good and bad nights."
            ),
        )
    effects = q.effects(con, player)
    return SleepChessPage(
        player,
        overlap[player],
        say.headline(effects),
        say.costs(effects),
        [_effect_chart(effects), _band_chart(q.bands(con, player))],
    )


def _effect_chart(effects: list[q.Effect]) -> Chart:
    subtitle = (
        "Points per game (draw ½) beyond the Elo expectation of both ratings after your best third of"
        " nights, minus after your worst third; whiskers: 95% intervals. Right of zero: you play"
        " better after better nights."
    )
    title = "Best third of nights minus worst third, per night measure and time class"
    return make_chart(
        "night-effects",
        title,
        subtitle,
        charts.effect_dots(effects),
        wide=True,
        height=320,
        html_legend=True,
    )


def _band_chart(bands: list[q.Band]) -> Chart:
    subtitle = (
        "Points per game beyond the rating expectation after nights in the bottom, middle and top third"
        " of each measure (all time classes), with 95% intervals; hover for each third's range and games"
    )
    return make_chart(
        "night-thirds",
        "Your score against the expectation, by third of nights",
        subtitle,
        charts.band_bars(bands),
        wide=True,
        height=320,
        html_legend=True,
    )
