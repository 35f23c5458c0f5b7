"""How lifemetrics opens the DuckDB files it owns, and the name of the schema dbt builds into.

Every connection to `warehouse.duckdb` or `analytics.duckdb` made outside dbt and dlt goes through
`connect` (or `connect_warehouse`): the one place a second engine (a lakehouse queried through
Trino or Spark) plugs in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import duckdb

from lifemetrics.settings import Settings

AUDIT_SCHEMA = "audit"  # dbt's target schema: every model and test is built here before publishing


@contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to one of lifemetrics' DuckDB files, closed when the block ends."""
    connection = duckdb.connect(str(path), read_only=read_only)
    try:
        yield connection
    finally:
        connection.close()


def connect_warehouse(
    settings: Settings, *, read_only: bool = False
) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A connection to the working `warehouse.duckdb` (raw datasets and the audit schema)."""
    return connect(settings.warehouse_path, read_only=read_only)


AuditRows = Callable[[Settings, str, list[object]], tuple[list[str], list[tuple[Any, ...]]]]


def information_schema_has(audit_rows: AuditRows, settings: Settings, table: str) -> bool:
    """Whether the audit schema holds `table`, asked through an engine's `audit_rows` of its
    information_schema (DuckDB's, Trino's)."""
    _, rows = audit_rows(
        settings,
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [AUDIT_SCHEMA, table],
    )
    return bool(rows and rows[0][0])
