"""The health page: is my sleep getting worse, which contributor drags my readiness down."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from lifemetrics.dashboards.health import charts, drivers
from lifemetrics.dashboards.health import findings as say
from lifemetrics.dashboards.health import queries as q
from lifemetrics.dashboards.health.alerts import AlertRow, recent_alerts
from lifemetrics.dashboards.health.night_cards import night_charts
from lifemetrics.dashboards.health.nights import night_series
from lifemetrics.dashboards.health.records import (
    Averages,
    ContributorAverage,
    ContributorWeek,
    DailySeries,
    MonthAverages,
)
from lifemetrics.dashboards.pages import SitePage, Subject
from lifemetrics.dashboards.parts import Chart, EmptyState, Kpi, make_chart
from lifemetrics.dashboards.sleep_chess import page as sleep_chess
from lifemetrics.oura_contributors import READINESS_CONTRIBUTORS, SLEEP_CONTRIBUTORS
from lifemetrics.palette import READINESS, SLEEP
from lifemetrics.settings import Settings

HEATMAP_WEEKS = 26
HEALTH_EMPTY = EmptyState(
    "No Oura data published yet",
    (
        "Authorise the ring with `lifemetrics oura login` (or set `LIFEMETRICS_OURA_TOKEN`).",
        "Run `lifemetrics ingest oura`, then `lifemetrics build`, then `lifemetrics dashboard`.",
        "Or see everything on synthetic data first: `lifemetrics demo`.",
    ),
)


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
    alerts: list[AlertRow] = field(default_factory=list)
    first_day: date | None = None
    last_day: date | None = None
    empty: EmptyState | None = None


def site_pages(con: duckdb.DuckDBPyConnection | None, settings: Settings) -> list[SitePage]:
    """The health page, then the sleep-and-chess page (the ring's nights paired with the games)."""
    page = build_health_page(con, settings.timezone)
    return [
        SitePage(
            "health.html",
            "Health",
            "health/page.html",
            "health/overview.html",
            page,
            not page.empty,
        ),
        *sleep_chess.site_pages(con, settings),
    ]


HEALTH = Subject("health", "Health", "health*.html", site_pages)


def build_health_page(con: duckdb.DuckDBPyConnection | None, zone: str = "UTC") -> HealthPage:
    """Query and chart everything shown on the health page (times of day in `zone`)."""
    if con is None or not q.has_health_data(con):
        return HealthPage(empty=HEALTH_EMPTY)
    series = q.daily_series(con)
    averages = q.headline_averages(con)
    contributors = {row.contributor: row for row in q.contributor_averages(con, say.RECENT_DAYS)}
    sleep_weakest = say.weakest(contributors, SLEEP_CONTRIBUTORS)
    readiness_weakest = say.weakest(contributors, READINESS_CONTRIBUTORS)
    score_drivers = sorted(drivers.score_drivers(con).items(), reverse=True)  # sleep, readiness
    chart_list = [
        _score_chart("sleep", "Sleep", series, averages["sleep_score"], SLEEP),
        _score_chart("readiness", "Readiness", series, averages["readiness_score"], READINESS),
        *night_charts(night_series(con)),
        _contributor_chart("sleep", contributors, SLEEP_CONTRIBUTORS, sleep_weakest),
        _contributor_chart("readiness", contributors, READINESS_CONTRIBUTORS, readiness_weakest),
        *(drivers.driver_chart(score, rows) for score, rows in score_drivers),
        _heatmap_chart(q.contributor_weeks(con, HEATMAP_WEEKS)),
        _heart_rate_chart(series, averages),
        _stress_chart(series, averages["stress_high_minutes"]),
        _resilience_chart(con, series),
    ]
    kpis = [
        say.score_kpi("Sleep score", averages["sleep_score"]),
        say.score_kpi("Readiness", averages["readiness_score"]),
        say.weakest_kpi("Weakest sleep contributor", sleep_weakest),
        say.weakest_kpi("Drags readiness down", readiness_weakest),
        *(drivers.driver_kpi(score, rows) for score, rows in score_drivers),
        say.resting_kpi(averages["avg_rest_bpm"]),
        say.resilience_kpi(series),
    ]
    return HealthPage(
        kpis=[kpi for kpi in kpis if kpi],
        charts=[chart for chart in chart_list if chart],
        months=[_month_row(row) for row in q.monthly_table(con)],
        alerts=recent_alerts(con, zone),
        first_day=series.day[0],
        last_day=series.day[-1],
    )


def _score_chart(
    key: str, name: str, series: DailySeries, averages: Averages, color: str
) -> Chart | None:
    """A daily score with its 7-day average; the title compares the last 7 days with all time."""
    if averages.all_time is None:
        return None
    scores, weekly = series.score(key)
    figure = charts.daily_score(series.day, scores, weekly, averages.all_time, name, color)
    subtitle = f"{name} score per day and its 7-day average; dotted: your all-time average"
    return make_chart(
        f"{key}-score",
        f"{name}: {say.compare(averages.recent, averages.all_time)}",
        subtitle,
        figure,
        wide=True,
        html_legend=True,
    )


def _contributor_chart(
    key: str,
    contributors: dict[str, ContributorAverage],
    labels: dict[str, str],
    weakest: ContributorAverage | None,
) -> Chart | None:
    """Contributors of one score, weakest first and highlighted."""
    rows = sorted(say.scored(contributors, labels), key=lambda row: row.recent)
    if not rows or weakest is None:
        return None
    figure = charts.contributor_bars(
        [labels[row.contributor] for row in rows],
        [row.recent for row in rows],
        [row.all_time for row in rows],
    )
    return make_chart(
        f"{key}-contributors",
        say.weakest_finding(key, labels, weakest),
        "Average of each contributor (0–100), weakest first",
        figure,
        height=50 + 30 * len(rows),
        html_legend=True,
    )


def _heatmap_chart(rows: list[ContributorWeek]) -> Chart | None:
    """Contributors week by week, so a slide shows before it drags a score down."""
    if not rows:
        return None
    labels = say.CONTRIBUTOR_NAMES
    weeks = sorted({row.week for row in rows})
    scores = {(row.contributor, row.week): row.score for row in rows}
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


def _resilience_chart(con: duckdb.DuckDBPyConnection, series: DailySeries) -> Chart | None:
    """Share of days at each resilience level per week (short histories) or month."""
    if not any(series.resilience_level):
        return None
    grain = "week" if len(series.day) <= 120 else "month"
    figure = charts.resilience_shares(q.resilience_days(con, grain), q.RESILIENCE_LEVELS, grain)
    subtitle = f"Share of days at each of Oura's long-term resilience levels, per {grain}"
    return make_chart(
        "resilience", say.resilience_finding(series), subtitle, figure, wide=True, height=260
    )


def _stress_chart(series: DailySeries, stress: Averages) -> Chart | None:
    """Minutes of high daytime stress and high recovery."""
    if stress.all_time is None:
        return None
    title = "High stress: " + say.compare(stress.recent, stress.all_time, " min/day")
    figure = charts.stress_lines(
        series.day,
        series.stress_high_minutes,
        series.stress_high_minutes_7d,
        series.recovery_high_minutes_7d,
    )
    subtitle = "Minutes of high stress per day, and 7-day averages of high stress and high recovery"
    return make_chart("stress", title, subtitle, figure, wide=True, html_legend=True)


def _heart_rate_chart(series: DailySeries, averages: dict[str, Averages]) -> Chart | None:
    """Awake and resting heart rate per day, gaps left as gaps."""
    rest, awake = averages["avg_rest_bpm"], averages["avg_awake_bpm"]
    if rest.all_time is None and awake.all_time is None:
        return None
    figure = charts.heart_rate_lines(series.day, series.avg_awake_bpm, series.avg_rest_bpm)
    subtitle = "Average awake and resting heart rate per day; gaps are days the ring has no data"
    return make_chart(
        "heart-rate", say.heart_rate_finding(rest), subtitle, figure, wide=True, html_legend=True
    )


def _month_row(month: MonthAverages) -> MonthRow:
    """A month of `agg_monthly_health`, sleep and readiness tagged with their score bands."""
    scores = (month.avg_sleep_score, month.avg_readiness_score)
    plain = (month.avg_stress, month.avg_awake_bpm, month.avg_rest_bpm)
    cells = [(_format(value), say.score_band(value)) for value in scores]
    cells += [(_format(value), "") for value in plain]
    label = date(month.year, month.month, 1).strftime("%b %Y")
    return MonthRow(label, month.days or 0, cells)


def _format(value: float | None) -> str:
    """A monthly average for the table."""
    return "–" if value is None else f"{value:.0f}"
