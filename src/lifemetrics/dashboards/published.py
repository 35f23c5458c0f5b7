"""Read-only access to the published `analytics.duckdb`: the only data the dashboards ever see."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from lifemetrics.dashboards.errors import DashboardError

Row = dict[str, Any]
Params = dict[str, Any] | None


@contextmanager
def open_analytics(path: Path) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A read-only connection to the published file, or None when nothing was published yet."""
    if not path.exists():
        yield None
        return
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise DashboardError(f"cannot open {path} read-only: {exc}") from None
    try:
        yield con
    finally:
        con.close()


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> list[Row]:
    """Run one aggregate query and return its (small) result as dicts keyed by column alias."""
    try:
        cursor = con.execute(sql, params or [])
    except duckdb.CatalogException as exc:
        message = str(exc).splitlines()[0]
        raise DashboardError(
            f"analytics.duckdb is missing a published table ({message}); run `lifemetrics build`"
        ) from None
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def published_columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    """Columns of a published table (empty when it was not published)."""
    rows = fetch_rows(
        con,
        "select column_name from information_schema.columns where table_name = $table",
        {"table": table},
    )
    return {row["column_name"] for row in rows}


def fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: Params = None) -> Row:
    """The single row of an aggregate query (an empty dict when it has none)."""
    rows = fetch_rows(con, sql, params)
    return rows[0] if rows else {}


@dataclass(frozen=True)
class PublishInfo:
    """When the data was published and the first and last day each subject covers (absent: no data)."""

    published_at: datetime | None
    spans: dict[str, tuple[date, date]]


def read_publish_info(
    con: duckdb.DuckDBPyConnection | None, timezone: str, subjects: Sequence[str]
) -> PublishInfo:
    """The latest `publish_info` row (its `<subject>_first_day` and `_last_day`), in the user's zone."""
    if con is None:
        return PublishInfo(None, {})
    columns = "".join(f", {name}_first_day, {name}_last_day" for name in subjects)
    row = fetch_one(
        con,
        f"""select epoch(published_at) as published_epoch{columns}
            from publish_info order by published_at desc limit 1""",
    )
    epoch = row.get("published_epoch")
    published = datetime.fromtimestamp(epoch, ZoneInfo(timezone)) if epoch is not None else None
    spans = {
        name: (row[f"{name}_first_day"], row[f"{name}_last_day"])
        for name in subjects
        if row.get(f"{name}_first_day") and row.get(f"{name}_last_day")
    }
    return PublishInfo(published, spans)
