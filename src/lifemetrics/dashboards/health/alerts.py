"""The health page's heart-rate alerts: the newest episodes `lifemetrics watch` published (`heart_rate_alerts`)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lifemetrics.dashboards.published import fetch_rows, published_columns

SHOWN_ALERTS = 20


@dataclass(frozen=True)
class AlertRow:
    """One episode as the alerts table shows it (times local, as text)."""

    started: str
    peak_bpm: int
    peak_time: str
    ended: str
    minutes: int
    heartrate_source: str
    limit: str


def recent_alerts(con: duckdb.DuckDBPyConnection, zone: str) -> list[AlertRow]:
    """The newest episodes, newest first; none when `heart_rate_alerts` was not published."""
    if not published_columns(con, "heart_rate_alerts"):
        return []
    rows = fetch_rows(
        con,
        """select strftime(timezone($zone, started_at), '%Y-%m-%d %H:%M') as started, peak_bpm,
                  strftime(timezone($zone, peak_at), '%H:%M') as peak_time,
                  coalesce(strftime(timezone($zone, ended_at), '%H:%M'), 'going on') as ended,
                  minutes, heartrate_source,
                  format('{:g} bpm ({})', limit_bpm, if(rule = 'baseline', 'your baseline', 'ceiling')) as "limit"
           from heart_rate_alerts order by started_at desc limit $shown""",
        {"zone": zone, "shown": SHOWN_ALERTS},
    )
    return [AlertRow(**row) for row in rows]
