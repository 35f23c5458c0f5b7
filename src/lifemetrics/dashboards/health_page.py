"""The health page: is my sleep getting worse, which contributor drags my readiness down."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from lifemetrics.dashboards import health_charts as charts
from lifemetrics.dashboards import health_queries as q
from lifemetrics.dashboards.page_parts import (
    HEALTH_EMPTY,
    Chart,
    EmptyState,
    Kpi,
    make_chart,
    tone_of,
)
from lifemetrics.dashboards.plot_style import READINESS, SLEEP
from lifemetrics.dashboards.queries import Row
from lifemetrics.dashboards.wording import signed

RECENT_DAYS = 30
HEATMAP_WEEKS = 26


@dataclass(frozen=True)
class MonthRow:
    """One line of the monthly table, with a rating class per score cell."""

    label: str
    days: int
    cells: list[tuple[str, str]]


@dataclass(frozen=True)
class HealthPage:
    """What the health template needs (an empty state when nothing was published)."""

    kpis: list[Kpi] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    months: list[MonthRow] = field(default_factory=list)
    first_day: date | None = None
    last_day: date | None = None
    empty: EmptyState | None = None


def build_health_page(con: duckdb.DuckDBPyConnection | None) -> HealthPage:
    """Query and chart everything shown on the health page."""
    if con is None or not q.has_health_data(con):
        return HealthPage(empty=HEALTH_EMPTY)
    days = q.daily_series(con)
    averages = q.headline_averages(con)
    contributors = {row["contributor"]: row for row in q.contributor_averages(con, RECENT_DAYS)}
    sleep_weakest = _weakest(contributors, q.SLEEP_CONTRIBUTORS)
    readiness_weakest = _weakest(contributors, q.READINESS_CONTRIBUTORS)
    column = _columns(days)
    chart_list = [
        _score_chart("sleep", "Sleep", column, averages, SLEEP),
        _score_chart("readiness", "Readiness", column, averages, READINESS),
        _contributor_chart("sleep", contributors, q.SLEEP_CONTRIBUTORS, sleep_weakest),
        _contributor_chart("readiness", contributors, q.READINESS_CONTRIBUTORS, readiness_weakest),
        _heatmap_chart(q.contributor_weeks(con, HEATMAP_WEEKS)),
        _heart_rate_chart(column, averages),
        _stress_chart(column, averages),
        _resilience_chart(con, column),
    ]
    kpis = [
        _score_kpi("Sleep score", "sleep_score", averages),
        _score_kpi("Readiness", "readiness_score", averages),
        _weakest_kpi("Weakest sleep contributor", sleep_weakest),
        _weakest_kpi("Drags readiness down", readiness_weakest),
        _resting_kpi(averages),
        _resilience_kpi(column),
    ]
    return HealthPage(
        kpis=[kpi for kpi in kpis if kpi],
        charts=[chart for chart in chart_list if chart],
        months=[_month_row(row) for row in q.monthly_table(con)],
        first_day=days[0]["day"],
        last_day=days[-1]["day"],
    )


def _columns(days: list[Row]) -> dict[str, list[Any]]:
    """The daily rows turned into one list per column (what the charts take)."""
    return {name: [row[name] for row in days] for name in days[0]}


def _score_chart(
    key: str, name: str, column: dict[str, list[Any]], averages: Row, color: str
) -> Chart | None:
    """A daily score with its 7-day average; the title compares the last 7 days with all time."""
    recent, overall = averages[f"{key}_score_7d"], averages[f"{key}_score_all"]
    if overall is None:
        return None
    title = f"{name}: {_compare(recent, overall)}"
    figure = charts.daily_score(
        column["day"], column[f"{key}_score"], column[f"{key}_score_7d"], overall, name, color
    )
    subtitle = f"{name} score per day and its 7-day average; dotted: your all-time average"
    return make_chart(f"{key}-score", title, subtitle, figure, wide=True, html_legend=True)


def _compare(recent: float | None, overall: float, unit: str = "") -> str:
    """'75 over the last 7 days, 2 below your all-time 77'."""
    if recent is None:
        return f"no data in the last 7 days (all-time {overall:.0f}{unit})"
    delta = round(recent) - round(overall)
    if delta == 0:
        return f"{recent:.0f}{unit} over the last 7 days, level with your all-time average"
    direction = "above" if delta > 0 else "below"
    return f"{recent:.0f}{unit} over the last 7 days, {abs(delta)} {direction} your all-time {overall:.0f}"


def _score_kpi(label: str, key: str, averages: Row) -> Kpi | None:
    """Headline: last 7 days of a score against all time, this month alongside."""
    recent, month, overall = averages[f"{key}_7d"], averages[f"{key}_month"], averages[f"{key}_all"]
    if recent is None or overall is None:
        return None
    delta = round(recent) - round(overall)
    detail = f"last 7 days, {signed(delta)} vs all-time {overall:.0f}"
    if month is not None:
        detail += f" · this month {month:.0f}"
    return Kpi(label, f"{recent:.0f}", detail, tone_of(delta, dead_band=2))


def _weakest(contributors: dict[str, Row], labels: dict[str, str]) -> Row | None:
    """The contributor with the lowest recent average."""
    scored = [
        contributors[name]
        for name in labels
        if contributors.get(name, {}).get("recent") is not None
    ]
    return min(scored, key=lambda row: row["recent"], default=None)


def _weakest_kpi(label: str, weakest: Row | None) -> Kpi | None:
    """Headline: the weakest contributor and how it compares with its own history."""
    if weakest is None:
        return None
    name = {**q.SLEEP_CONTRIBUTORS, **q.READINESS_CONTRIBUTORS}[weakest["contributor"]]
    detail = f"{weakest['recent']:.0f} over {RECENT_DAYS} days (all-time {weakest['all_time']:.0f})"
    return Kpi(label, name, detail, "bad")


def _contributor_chart(
    key: str, contributors: dict[str, Row], labels: dict[str, str], weakest: Row | None
) -> Chart | None:
    """Contributors of one score, weakest first and highlighted."""
    rows = sorted(
        (
            contributors[name]
            for name in labels
            if contributors.get(name, {}).get("recent") is not None
        ),
        key=lambda row: row["recent"],
    )
    if not rows or weakest is None:
        return None
    name = labels[weakest["contributor"]]
    score = "sleep" if key == "sleep" else "readiness"
    title = f"{name} is your weakest {score} contributor ({weakest['recent']:.0f} over {RECENT_DAYS} days)"
    figure = charts.contributor_bars(
        [labels[row["contributor"]] for row in rows],
        [row["recent"] for row in rows],
        [row["all_time"] for row in rows],
    )
    subtitle = "Average of each contributor (0–100), weakest first"
    return make_chart(
        f"{key}-contributors", title, subtitle, figure, height=50 + 30 * len(rows), html_legend=True
    )


def _heatmap_chart(rows: list[Row]) -> Chart | None:
    """Contributors week by week, so a slide shows before it drags a score down."""
    if not rows:
        return None
    labels = {**q.SLEEP_CONTRIBUTORS, **q.READINESS_CONTRIBUTORS}
    weeks = sorted({row["week"] for row in rows})
    scores = {(row["contributor"], row["week"]): row["score"] for row in rows}
    names = [name for name in labels if any((name, week) in scores for week in weeks)]
    grid = [[scores.get((name, week)) for week in weeks] for name in names]
    figure = charts.contributor_heatmap(weeks, [labels[name] for name in names], grid)
    title = f"Contributors week by week, last {len(weeks)} weeks"
    subtitle = (
        "Weekly average of every sleep and readiness contributor: red is weak, green is strong"
    )
    return make_chart(
        "contributor-weeks", title, subtitle, figure, wide=True, height=90 + 22 * len(names)
    )


def _resilience_chart(con: duckdb.DuckDBPyConnection, column: dict[str, list[Any]]) -> Chart | None:
    """Share of days at each resilience level per week (short histories) or month."""
    recent = [level for level in column["resilience_level"][-RECENT_DAYS:] if level]
    if not any(column["resilience_level"]):
        return None
    grain = "week" if len(column["day"]) <= 120 else "month"
    common = Counter(recent).most_common(1)[0][0] if recent else None
    title = (
        f"Resilience: mostly {common} over the last {RECENT_DAYS} days"
        if common
        else "Resilience over time"
    )
    figure = charts.resilience_shares(q.resilience_days(con, grain), q.RESILIENCE_LEVELS, grain)
    subtitle = f"Share of days at each of Oura's long-term resilience levels, per {grain}"
    return make_chart("resilience", title, subtitle, figure, wide=True, height=260)


def _resilience_kpi(column: dict[str, list[Any]]) -> Kpi | None:
    """Headline: the latest resilience level."""
    known = [(day, level) for day, level in zip(column["day"], column["resilience_level"]) if level]
    if not known:
        return None
    day, level = known[-1]
    return Kpi("Resilience", level.capitalize(), f"on {day:%d %b %Y}", "neutral")


def _stress_chart(column: dict[str, list[Any]], averages: Row) -> Chart | None:
    """Minutes of high daytime stress and high recovery."""
    if averages["stress_high_minutes_all"] is None:
        return None
    title = "High stress: " + _compare(
        averages["stress_high_minutes_7d"], averages["stress_high_minutes_all"], " min/day"
    )
    figure = charts.stress_lines(
        column["day"],
        column["stress_high_minutes"],
        column["stress_high_minutes_7d"],
        column["recovery_high_minutes_7d"],
    )
    subtitle = "Minutes of high stress per day, and 7-day averages of high stress and high recovery"
    return make_chart("stress", title, subtitle, figure, wide=True, html_legend=True)


def _heart_rate_chart(column: dict[str, list[Any]], averages: Row) -> Chart | None:
    """Awake and resting heart rate per day, gaps left as gaps."""
    if averages["avg_rest_bpm_all"] is None and averages["avg_awake_bpm_all"] is None:
        return None
    if averages["avg_rest_bpm_all"] is not None:
        title = "Resting heart rate: " + _compare(
            averages["avg_rest_bpm_7d"], averages["avg_rest_bpm_all"], " bpm"
        )
    else:
        title = "Heart rate per day"
    figure = charts.heart_rate_lines(column["day"], column["avg_awake_bpm"], column["avg_rest_bpm"])
    subtitle = "Average awake and resting heart rate per day; gaps are days the ring has no data"
    return make_chart("heart-rate", title, subtitle, figure, wide=True, html_legend=True)


def _resting_kpi(averages: Row) -> Kpi | None:
    """Headline: resting heart rate over the last week (lower is better)."""
    recent, overall = averages["avg_rest_bpm_7d"], averages["avg_rest_bpm_all"]
    if recent is None or overall is None:
        return None
    delta = round(recent) - round(overall)
    detail = f"last 7 days, {signed(delta)} vs all-time {overall:.0f}"
    return Kpi(
        "Resting heart rate",
        f"{recent:.0f} bpm",
        detail,
        tone_of(delta, higher_is_better=False, dead_band=2),
    )


SCORE_CELLS = ("avg_sleep_score", "avg_readiness_score")
PLAIN_CELLS = ("avg_stress", "avg_awake_bpm", "avg_rest_bpm")


def _month_row(row: Row) -> MonthRow:
    """A month of `agg_monthly_health`, sleep and readiness tagged with Oura's bands (85+, 70-84, below)."""
    cells = [(_format(row[name]), _band(row[name])) for name in SCORE_CELLS]
    cells += [(_format(row[name]), "") for name in PLAIN_CELLS]
    label = date(row["year"], row["month"], 1).strftime("%b %Y")
    return MonthRow(label, row["days"] or 0, cells)


def _format(value: float | None) -> str:
    """A monthly average for the table."""
    return "–" if value is None else f"{value:.0f}"


def _band(value: float | None) -> str:
    """The CSS class of a 0-100 score."""
    if value is None:
        return ""
    return "optimal" if value >= 85 else "good" if value >= 70 else "low"
