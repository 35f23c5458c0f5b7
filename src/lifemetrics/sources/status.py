"""What each source has loaded and when: its last run record and its raw dataset in the warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from lifemetrics.failures import explain
from lifemetrics.settings import Settings
from lifemetrics.sources.registry import all_sources
from lifemetrics.sources.run_record import RunRecord, read_last_run
from lifemetrics.warehouse.engine import connect_warehouse


@dataclass
class SourceStatus:
    """One source: its last run (None if never run here), its last completed load, its raw tables' row counts.

    `source` is its name as commands say it (`chess`), `dataset` the one of its raw tables (`chess_com`).
    """

    source: str
    dataset: str
    last_run: RunRecord | None
    last_load_at: datetime | None = None
    table_rows: dict[str, int] = field(default_factory=dict)
    note: str = ""
    details: list[str] = field(
        default_factory=list
    )  # source-specific lines, e.g. Oura's authorisation


def source_statuses(settings: Settings) -> list[SourceStatus]:
    """The status of every source, reading the warehouse read-only (a busy one is noted, no error)."""
    statuses = [
        SourceStatus(
            source.name,
            source.dataset,
            read_last_run(settings, source.dataset),
            details=source.implementation().status_lines(settings),
        )
        for source in all_sources()
    ]
    if not settings.warehouse_path.exists():
        return statuses
    try:
        with connect_warehouse(settings, read_only=True) as connection:
            for status in statuses:
                _read_raw_dataset(connection, status)
    except duckdb.IOException as exc:
        held = explain(exc) or "warehouse in use by another process"
        for status in statuses:
            status.note = f"load times and row counts not read: {held}"
    return statuses


def _read_raw_dataset(connection: duckdb.DuckDBPyConnection, status: SourceStatus) -> None:
    """Fill in the last completed dlt load and the row count of each raw table of one source."""
    schema = f"raw_{status.dataset}"
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1",
            [schema],
        ).fetchall()
    ]
    if "_dlt_loads" in tables:
        (status.last_load_at,) = connection.execute(
            f'SELECT max(inserted_at) FROM "{schema}"."_dlt_loads" WHERE status = 0'
        ).fetchone()
    for table in tables:
        if not table.startswith("_dlt"):
            (status.table_rows[table],) = connection.execute(
                f'SELECT count(*) FROM "{schema}"."{table}"'
            ).fetchone()
