"""The chess page's engine-analysis section: where the tracked player loses points, from fct_chess_moves and
fct_chess_game_analysis (absent when nothing was analysed or the publish predates the analysis)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lifemetrics.dashboards.chess import analysis_charts as charts
from lifemetrics.dashboards.chess import analysis_findings as say
from lifemetrics.dashboards.chess import analysis_queries as q
from lifemetrics.dashboards.chess.analysis_records import (
    BlunderRate,
    CostlyMove,
    FamilyMistakes,
    MonthAccuracy,
)
from lifemetrics.dashboards.parts import Chart, Kpi, make_chart


@dataclass(frozen=True)
class AnalysisSection:
    """Headline cards, charts, the first mistake per opening family and the costliest moves, for one player."""

    games: int
    analysed_with: str
    kpis: list[Kpi]
    charts: list[Chart]
    families: list[FamilyMistakes]
    family_label: str
    costly_moves: list[CostlyMove]


def build_analysis_section(con: duckdb.DuckDBPyConnection, player: str) -> AnalysisSection | None:
    """Everything the engine analysis of `player`'s games shows; None when none was analysed."""
    if not q.has_analysis(con):
        return None
    summary = q.summary(con, player)
    if not summary.get("games"):
        return None
    families = q.mistakes_by_family(con, player)
    return AnalysisSection(
        games=summary["games"],
        analysed_with=summary["analysed_with"] or "",
        kpis=say.kpis(summary),
        charts=[chart for chart in _charts(con, player, families) if chart],
        families=families,
        family_label="Opening family" if q.family_column(con) == "opening_family" else "ECO code",
        costly_moves=q.costliest_moves(con, player),
    )


def _rate_chart(key: str, title: str, subtitle: str, rates: list[BlunderRate]) -> Chart | None:
    if not rates:
        return None
    return make_chart(key, title, subtitle, charts.blunder_rate_bars(rates, say.standout(rates)))


def _charts(
    con: duckdb.DuckDBPyConnection, player: str, families: list[FamilyMistakes]
) -> list[Chart | None]:
    phases = q.blunders_by_phase(con, player)
    clocks = q.blunders_by_clock(con, player)
    replies = q.blunders_after_a_blunder(con, player)
    months = q.accuracy_by_month(con, player)
    return [
        _rate_chart(
            "analysis-phase",
            say.where_blunders_happen(phases, "phase", "phase"),
            "Your blunders per 100 of your moves in each phase; whiskers: 95% interval",
            phases,
        ),
        _rate_chart(
            "analysis-clock",
            say.where_blunders_happen(clocks, "clock left", "band"),
            "Your blunders per 100 moves by your clock after the move; whiskers: 95% interval",
            clocks,
        ),
        _rate_chart(
            "analysis-after-blunder",
            say.after_their_blunder(replies),
            "Your blunders per 100 moves, on the move right after the opponent's blunder and on all others",
            replies,
        ),
        _rate_chart(
            "analysis-families",
            say.family_finding(families),
            "Your blunders per 100 moves in your most analysed opening families; whiskers: 95% interval",
            [family.rate for family in families],
        ),
        make_chart(
            "analysis-accuracy",
            say.accuracy_trend(months),
            _accuracy_subtitle(months),
            charts.accuracy_lines(months),
            wide=True,
        )
        if months
        else None,
    ]


def _accuracy_subtitle(months: list[MonthAccuracy]) -> str:
    beside = (
        ", and chess.com's own on the same games"
        if any(m.chess_com is not None for m in months)
        else ""
    )
    return f"Your mean accuracy per month of analysed games: the engine's{beside}"
