"""The numbers people check every morning, per calendar day: the night's sleep and its stages, bedtime
and its regularity, HRV, temperature deviation, steps and blood oxygen (from `daily_health`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from lifemetrics.dashboards.published import fetch_rows

SPREAD_NIGHTS = 14  # bedtime regularity: the spread of the last two weeks' bedtimes
SPREAD_MIN_NIGHTS = 7  # fewer bedtimes than this in those 14 nights: no spread


@dataclass(frozen=True)
class NightSeries:
    """One value per calendar day from the first to the last published day (None: no data that day).

    `bedtime_hours` is the bedtime in hours after noon of the day before (22:30 is 10.5, 00:30 is 12.5);
    `bedtime_spread_minutes` the standard deviation of the last 14 nights' bedtimes.
    """

    day: list[date]
    total_sleep_hours: list[float | None]
    deep_sleep_hours: list[float | None]
    rem_sleep_hours: list[float | None]
    light_sleep_hours: list[float | None]
    bedtime_hours: list[float | None]
    bedtime_spread_minutes: list[float | None]
    average_hrv: list[float | None]
    average_hrv_7d: list[float | None]
    temperature_deviation: list[float | None]
    steps: list[float | None]
    steps_7d: list[float | None]
    spo2_average: list[float | None]


def night_series(con: duckdb.DuckDBPyConnection) -> NightSeries:
    """The night and day measures for every calendar day, missing days as NULLs (gaps on the charts)."""
    rows = fetch_rows(
        con,
        """
        with bounds as (select min(day) as first_day, max(day) as last_day from daily_health),
        calendar as (
            select cast(d as date) as day
            from bounds, range(first_day, last_day + 1, interval 1 day) as t(d)
        ),
        days as (
            select
                calendar.day, h.* exclude (day),
                date_diff('second', cast(calendar.day as timestamp) - interval 12 hour, h.bedtime_start)
                    / 3600.0 as bedtime_hours
            from calendar left join daily_health h using (day)
        )
        select
            day,
            total_sleep_seconds / 3600.0 as total_sleep_hours,
            deep_sleep_seconds / 3600.0 as deep_sleep_hours,
            rem_sleep_seconds / 3600.0 as rem_sleep_hours,
            light_sleep_seconds / 3600.0 as light_sleep_hours,
            bedtime_hours,
            case when count(bedtime_hours) over fortnight >= $min_nights
                then 60 * stddev_samp(bedtime_hours) over fortnight end as bedtime_spread_minutes,
            average_hrv,
            avg(average_hrv) over last_week as average_hrv_7d,
            temperature_deviation,
            steps,
            avg(steps) over last_week as steps_7d,
            spo2_average
        from days
        window last_week as (order by day rows between 6 preceding and current row),
            fortnight as (order by day rows between $spread_rows preceding and current row)
        order by day
        """,
        {"min_nights": SPREAD_MIN_NIGHTS, "spread_rows": SPREAD_NIGHTS - 1},
    )
    return NightSeries(**{name: [row[name] for row in rows] for name in rows[0]})
