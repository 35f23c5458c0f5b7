"""Health aggregates for the dashboards, computed in SQL on `daily_health` and `agg_monthly_health`."""

from __future__ import annotations

from typing import Literal

import duckdb

from lifemetrics.dashboards.health.records import (
    Averages,
    ContributorAverage,
    ContributorWeek,
    DailySeries,
    MonthAverages,
    ResilienceDays,
)
from lifemetrics.dashboards.published import fetch_one, fetch_rows
from lifemetrics.oura_contributors import READINESS_CONTRIBUTORS, SLEEP_CONTRIBUTORS

CONTRIBUTOR_COLUMNS = ", ".join([*SLEEP_CONTRIBUTORS, *READINESS_CONTRIBUTORS])
RESILIENCE_LEVELS = ("limited", "adequate", "solid", "strong", "exceptional")
HEADLINE_MEASURES = (
    "sleep_score",
    "readiness_score",
    "avg_rest_bpm",
    "avg_awake_bpm",
    "stress_high_minutes",
)


def has_health_data(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether any day was published."""
    return bool(fetch_one(con, "select count(*) as days from daily_health")["days"])


def daily_series(con: duckdb.DuckDBPyConnection) -> DailySeries:
    """One row per calendar day from the first to the last published day, missing days as NULLs.

    Days the ring has no row for stay in the series with NULL values, so charts draw them as gaps
    instead of joining the neighbours; the 7-day averages cover the days that do have a value.
    """
    rows = fetch_rows(
        con,
        """
        with bounds as (select min(day) as first_day, max(day) as last_day from daily_health),
        calendar as (
            select cast(d as date) as day
            from bounds, range(first_day, last_day + 1, interval 1 day) as t(d)
        ),
        days as (select calendar.day, h.* exclude (day) from calendar left join daily_health h using (day))
        select day, sleep_score, readiness_score, avg_awake_bpm, avg_rest_bpm, resilience_level,
            stress_high_minutes, recovery_high_minutes,
            avg(sleep_score) over last_week as sleep_score_7d,
            avg(readiness_score) over last_week as readiness_score_7d,
            avg(stress_high_minutes) over last_week as stress_high_minutes_7d,
            avg(recovery_high_minutes) over last_week as recovery_high_minutes_7d
        from days
        window last_week as (order by day rows between 6 preceding and current row)
        order by day
        """,
    )
    return DailySeries(**{name: [row[name] for row in rows] for name in rows[0]})


def headline_averages(con: duckdb.DuckDBPyConnection) -> dict[str, Averages]:
    """Averages of the headline measures over the last 7 days, the current month and all time.

    "Last 7 days" and "current month" end at the last published day, not today, so a pipeline that
    has not run for a while still compares like with like.
    """
    columns = ",\n".join(
        f"""avg({name}) filter (where day > last_day - 7) as {name}_7d,
            avg({name}) filter (where date_trunc('month', day) = date_trunc('month', last_day)) as {name}_month,
            count({name}) filter (where date_trunc('month', day) = date_trunc('month', last_day)) as {name}_month_days,
            avg({name}) as {name}_all"""
        for name in HEADLINE_MEASURES
    )
    row = fetch_one(
        con,
        f"""select max(last_day) as last_day, {columns}
            from daily_health, (select max(day) as last_day from daily_health)""",
    )
    return {
        name: Averages(
            row[f"{name}_7d"], row[f"{name}_month"], row[f"{name}_all"], row[f"{name}_month_days"]
        )
        for name in HEADLINE_MEASURES
    }


def contributor_averages(
    con: duckdb.DuckDBPyConnection, recent_days: int = 30
) -> list[ContributorAverage]:
    """Each sleep and readiness contributor: its average over the last `recent_days` and all time."""
    names = CONTRIBUTOR_COLUMNS
    rows = fetch_rows(
        con,
        f"""
        with long as (
            unpivot (select day, {names} from daily_health) on {names} into name contributor value score
        )
        select contributor, avg(score) filter (where day > last_day - $recent_days) as recent, avg(score) as all_time
        from long, (select max(day) as last_day from daily_health)
        group by contributor
        """,
        {"recent_days": recent_days},
    )
    return [ContributorAverage(**row) for row in rows]


def contributor_weeks(con: duckdb.DuckDBPyConnection, weeks: int = 26) -> list[ContributorWeek]:
    """Weekly averages of each contributor over the last `weeks` weeks (for the heat-map strip)."""
    names = CONTRIBUTOR_COLUMNS
    rows = fetch_rows(
        con,
        f"""
        with recent as (
            select * from daily_health
            where day >= (select date_trunc('week', max(day)) from daily_health) - 7 * ($weeks - 1)
        ),
        long as (unpivot (select day, {names} from recent) on {names} into name contributor value score)
        select contributor, date_trunc('week', day)::date as week, avg(score) as score
        from long group by contributor, week order by week, contributor
        """,
        {"weeks": weeks},
    )
    return [ContributorWeek(**row) for row in rows]


def resilience_days(
    con: duckdb.DuckDBPyConnection, grain: Literal["week", "month"]
) -> list[ResilienceDays]:
    """Days at each resilience level per week or month."""
    rows = fetch_rows(
        con,
        f"""select date_trunc('{grain}', day)::date as period, resilience_level as level, count(*) as days
            from daily_health where resilience_level is not null
            group by period, level order by period, level""",
    )
    return [ResilienceDays(**row) for row in rows]


def monthly_table(con: duckdb.DuckDBPyConnection) -> list[MonthAverages]:
    """The published monthly aggregate, newest month first."""
    rows = fetch_rows(
        con,
        """select year, month, avg_sleep_score, avg_readiness_score, avg_stress, avg_awake_bpm, avg_rest_bpm,
                  len(daily_details) as days
           from agg_monthly_health order by year desc, month desc""",
    )
    return [MonthAverages(**row) for row in rows]
