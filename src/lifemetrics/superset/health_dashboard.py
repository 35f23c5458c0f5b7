"""The "Health" dashboard: sleep and readiness with their 7-day and 30-day averages, their
contributors, every month against all time, heart rate, stress and resilience; newer published
columns add charts."""

from __future__ import annotations

import lifemetrics.superset.charts as c
from lifemetrics.oura_contributors import READINESS_CONTRIBUTORS, SLEEP_CONTRIBUTORS
from lifemetrics.superset.assets import Chart, Dashboard, Dataset, dashboard_slug

HEART_RATES = {
    "avg_awake_bpm": "Awake",
    "avg_rest_bpm": "Resting",
    "lowest_heart_rate": "Lowest at night",
}
MONTH_COLUMNS = {
    "sleep_score": "Sleep score",
    "readiness_score": "Readiness score",
    "avg_rest_bpm": "Resting heart rate",
    "avg_awake_bpm": "Awake heart rate",
    "stress_high_minutes": "High stress (min)",
}
SLEEP_STAGES = {
    "deep_sleep_seconds": "Deep",
    "rem_sleep_seconds": "REM",
    "light_sleep_seconds": "Light",
    "awake_seconds": "Awake",
}
DAY_WINDOW = 7
RECENT_DAYS = 30


def _averages(days: Dataset, labels: dict[str, str]) -> list[dict[str, object]]:
    """Average metrics of the published columns among `labels`."""
    return [c.average(column, label) for column, label in labels.items() if days.has(column)]


def _score_charts(days: Dataset, column: str, name: str) -> list[Chart]:
    score = c.average(column, name)
    return [
        c.rolling_average(name, days, "day", score, DAY_WINDOW, width=9),
        c.latest_with_trend(
            f"{name}, last {RECENT_DAYS} days",
            days,
            "day",
            score,
            rolling_days=RECENT_DAYS,
            compare_rows=RECENT_DAYS,
            compare_suffix=f"against the {RECENT_DAYS} days with data before",
            number_format=".0f",
        ),
    ]


def _contributor_charts(days: Dataset) -> list[Chart]:
    return [
        c.profile("Sleep contributors", days, _averages(days, SLEEP_CONTRIBUTORS)),
        c.profile("Readiness contributors", days, _averages(days, READINESS_CONTRIBUTORS)),
    ]


def _month_table(days: Dataset) -> Chart:
    return c.table_with_totals(
        "Months, newest first, against all time (Summary: every day)",
        days,
        "month_start",
        _averages(days, MONTH_COLUMNS),
        sort_by=c.maximum("day", "Last day"),
    )


def _body_charts(days: Dataset) -> list[Chart]:
    charts = [
        c.time_series("Heart rate", days, "day", "P1D", _averages(days, HEART_RATES), width=12)
    ]
    if days.has("average_hrv"):
        charts.append(
            c.time_series(
                "HRV (ms)", days, "day", "P1W", [c.average("average_hrv", "Average HRV")], width=6
            )
        )
    if days.has("stress_high_minutes", "recovery_high_minutes"):
        charts.append(
            c.time_series(
                "High stress and high recovery (minutes per day, weekly average)",
                days,
                "day",
                "P1W",
                [
                    c.average("stress_high_minutes", "High stress"),
                    c.average("recovery_high_minutes", "High recovery"),
                ],
                width=6,
            )
        )
    return charts


def _resilience_chart(days: Dataset) -> Chart:
    return c.time_series(
        "Resilience: days at each level per month",
        days,
        "day",
        "P1M",
        [c.expression("COUNT(*)", "Days")],
        bars=True,
        groupby=["resilience_level"],
        filters=[c.is_known("resilience_level")],
    )


def _sleep_stage_chart(days: Dataset) -> Chart | None:
    """Hours per night in each sleep stage, once the per-night durations are published."""
    if not days.has(*SLEEP_STAGES):
        return None
    return c.time_series(
        "Sleep stages (hours per night, weekly average)",
        days,
        "day",
        "P1W",
        [c.expression(f"AVG({column}) / 3600.0", label) for column, label in SLEEP_STAGES.items()],
        bars=True,
        y_format=".1f",
    )


def health_dashboard(datasets: dict[str, Dataset]) -> Dashboard | None:
    """The Health dashboard, or None when the daily table is not published."""
    days = datasets.get("daily_health")
    if days is None:
        return None
    body = _body_charts(days)
    rows = [
        _score_charts(days, "sleep_score", "Sleep score"),
        _score_charts(days, "readiness_score", "Readiness score"),
        _contributor_charts(days),
        [_month_table(days)],
        body[:1],
        body[1:],
        [chart for chart in [_sleep_stage_chart(days)] if chart],
        [_resilience_chart(days)],
    ]
    slug = dashboard_slug("health", days.database)
    return Dashboard("Health", slug, tuple(tuple(row) for row in rows if row))
