"""What `lifemetrics watch` reads from and writes to the warehouse, each time for a moment under the run lock.

Samples go into `raw_oura.heartrate` through dlt with the daily ingestion's merge key (`timestamp`) and
column hints, from the same Arrow shape (`sources.oura.fetch.heartrate_table`): whichever of the two loads a
sample first, the other replaces it, never adds a second row. Episodes go into `raw_oura.heart_rate_alerts`,
merged on their start. The watch's own dlt pipeline (`lifemetrics_watch`) keeps the daily run's state alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dlt
import duckdb
import pyarrow as pa
from dlt.common.schema.typing import TColumnSchema
from dlt.extract.resource import DltResource

from lifemetrics.settings import Settings
from lifemetrics.sources.oura.endpoints import ENDPOINTS_BY_NAME
from lifemetrics.warehouse.engine import connect
from lifemetrics.warehouse.pipelines import raw_pipeline
from lifemetrics.watch.rules import Baseline, Baselines, Episode, Sample

DATASET = "raw_oura"
HEARTRATE = ENDPOINTS_BY_NAME["heartrate"]
ALERTS_TABLE = "heart_rate_alerts"
ALERT_COLUMNS: dict[str, TColumnSchema] = {
    name: {"name": name, "data_type": kind, "nullable": name != "started_at"}
    for name, kind in (
        ("started_at", "timestamp"),
        ("source", "text"),
        ("rule", "text"),
        ("limit_bpm", "double"),
        ("peak_at", "timestamp"),
        ("peak_bpm", "bigint"),
        ("last_at", "timestamp"),
        ("samples", "bigint"),
        ("ended_at", "timestamp"),
    )
}
REPLAY_HOURS = 6  # stored samples fed again after a restart: an episode open before a crash goes on

BASELINE_SQL = f"""
SELECT source, hour(timezone($zone, "timestamp")) AS hour, median(bpm), mad(bpm), count(*)
FROM {DATASET}.heartrate
WHERE "timestamp" > (SELECT max("timestamp") FROM {DATASET}.heartrate) - to_days($days)
GROUP BY GROUPING SETS ((source, hour), (source))
"""
RECENT_SQL = f"""
SELECT "timestamp", bpm, source FROM {DATASET}.heartrate
WHERE "timestamp" > (SELECT max("timestamp") FROM {DATASET}.heartrate) - to_hours($hours)
ORDER BY "timestamp"
"""


@dataclass
class Stored:
    """What the warehouse holds for the watch: the newest sample, the recent ones, the alerts, the baselines."""

    baselines: Baselines
    newest: datetime | None = None
    recent: list[Sample] = field(default_factory=list)
    alert_starts: set[datetime] = field(default_factory=set)


def read_stored(settings: Settings, days: int) -> Stored:
    """Read what the watch needs to go on from where it stopped (call it under the run lock)."""
    zone = ZoneInfo(settings.timezone)
    if not _has_table(settings.warehouse_path, "heartrate"):
        return Stored(Baselines(zone))
    with connect(settings.warehouse_path, read_only=True) as connection:
        baselines = _baselines(connection, zone, days)
        recent = [
            Sample(at, bpm, source)
            for at, bpm, source in connection.execute(
                RECENT_SQL, {"hours": REPLAY_HOURS}
            ).fetchall()
        ]
        starts = set()
        if _has_table(settings.warehouse_path, ALERTS_TABLE, connection):
            starts = {
                row[0]
                for row in connection.execute(
                    f"SELECT started_at FROM {DATASET}.{ALERTS_TABLE}"
                ).fetchall()
            }
    return Stored(baselines, recent[-1].at if recent else None, recent, starts)


def read_baselines(settings: Settings, days: int) -> Baselines:
    """The baselines of the last `days` days of stored samples (call it under the run lock)."""
    zone = ZoneInfo(settings.timezone)
    if not _has_table(settings.warehouse_path, "heartrate"):
        return Baselines(zone)
    with connect(settings.warehouse_path, read_only=True) as connection:
        return _baselines(connection, zone, days)


def _baselines(connection: duckdb.DuckDBPyConnection, zone: ZoneInfo, days: int) -> Baselines:
    rows = connection.execute(BASELINE_SQL, {"zone": zone.key, "days": days}).fetchall()
    by_hour, by_source = {}, {}
    for source, hour, median, mad, count in rows:
        baseline = Baseline(float(median), float(mad), int(count))
        if hour is None:
            by_source[source] = baseline
        else:
            by_hour[(source, int(hour))] = baseline
    return Baselines(zone, by_hour, by_source)


def _has_table(
    warehouse: Path, table: str, connection: duckdb.DuckDBPyConnection | None = None
) -> bool:
    """True when `raw_oura.<table>` exists in the warehouse."""
    if connection is None:
        if not warehouse.exists():
            return False
        with connect(warehouse, read_only=True) as opened:
            return _has_table(warehouse, table, opened)
    found = connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [DATASET, table],
    ).fetchone()
    return bool(found and found[0])


def write_stored(settings: Settings, samples: pa.Table | None, episodes: list[Episode]) -> None:
    """Merge samples into raw_oura.heartrate and episodes into raw_oura.heart_rate_alerts (under the run lock)."""
    pipeline = raw_pipeline(settings, DATASET.removeprefix("raw_"), pipeline_name="watch")
    pipeline.run(watch_source(samples, [alert_row(episode) for episode in episodes]))


def alert_row(episode: Episode) -> dict:
    """An episode as a row of raw_oura.heart_rate_alerts."""
    return asdict(episode)


@dlt.source(name="watch")
def watch_source(samples: pa.Table | None, alerts: list[dict]) -> list[DltResource]:
    """The heart-rate samples (as the daily ingestion loads them) and the alert rows of one write."""
    return [
        dlt.resource(
            _rows(samples),
            name=HEARTRATE.name,
            primary_key=HEARTRATE.key,
            write_disposition="merge",
            columns=HEARTRATE.columns,
        ),
        dlt.resource(
            _rows(alerts),
            name=ALERTS_TABLE,
            primary_key="started_at",
            write_disposition="merge",
            columns=ALERT_COLUMNS,
        ),
    ]


def _rows(items: pa.Table | list[dict] | None) -> Iterator[object]:
    """What one resource hands dlt: nothing at all when there is nothing new."""
    if isinstance(items, pa.Table):
        if items.num_rows:
            yield items
    elif items:
        yield items
