"""Publish: copy the audited marts into a new `analytics.duckdb` and swap it in with one atomic rename.

Readers only ever open `analytics.duckdb`; the old file stays readable by whoever holds it open (the
rename gives the path a new inode), so a dashboard or BI tool never blocks a build and never sees a
mix of old and new tables. A crash before the rename leaves the old file untouched. The publish time
is taken once, by publication.publish_audited: `publish_info.published_at` records it."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from lifemetrics.files import fsync_file
from lifemetrics.settings import Settings
from lifemetrics.warehouse.engine import AUDIT_SCHEMA, connect
from lifemetrics.warehouse.sql_text import identifier, string_literal

PUBLISH_INFO_TABLE = "publish_info"
TMP_PREFIX = "analytics.duckdb.tmp-"

# Columns starting with "_" (incremental watermarks) are bookkeeping of the build, not published.
PUBLISHED_COLUMNS = "COLUMNS(c -> NOT starts_with(c, '_'))"

PUBLISH_INFO_SQL = f"""
CREATE TABLE publishing.main.{PUBLISH_INFO_TABLE} AS
SELECT
    CAST($published_at AS TIMESTAMPTZ) AS published_at,
    (SELECT min(game_date) FROM {AUDIT_SCHEMA}.fct_chess_games) AS chess_first_day,
    (SELECT max(game_date) FROM {AUDIT_SCHEMA}.fct_chess_games) AS chess_last_day,
    (SELECT min(day) FROM {AUDIT_SCHEMA}.daily_health) AS health_first_day,
    (SELECT max(day) FROM {AUDIT_SCHEMA}.daily_health) AS health_last_day
"""


def publish(
    settings: Settings, tables: list[str], published_at: datetime | None = None
) -> dict[str, int]:
    """Publish `tables` of schema `audit` plus `publish_info` as the new analytics.duckdb; rows per table."""
    remove_leftover_files(settings.home)
    staged = settings.home / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    try:
        row_counts = write_published_file(
            settings.warehouse_path, staged, tables, published_at or datetime.now(UTC)
        )
        fsync_file(staged)
        os.replace(staged, settings.analytics_path)
        fsync_file(settings.home)
    finally:
        staged.unlink(missing_ok=True)
        Path(f"{staged}.wal").unlink(missing_ok=True)
    return row_counts


def write_published_file(
    warehouse: Path, target: Path, tables: list[str], published_at: datetime
) -> dict[str, int]:
    """Create `target` holding a copy of each audited table in its default schema; rows per table."""
    row_counts: dict[str, int] = {}
    with connect(warehouse) as connection:
        connection.execute(f"ATTACH {string_literal(target)} AS publishing")
        try:
            for table in tables:
                name = identifier(table)
                connection.execute(
                    f"CREATE TABLE publishing.main.{name} AS "
                    f"SELECT {PUBLISHED_COLUMNS} FROM {AUDIT_SCHEMA}.{name}"
                )
                (row_counts[table],) = connection.execute(
                    f"SELECT count(*) FROM publishing.main.{name}"
                ).fetchone()
            connection.execute(PUBLISH_INFO_SQL, {"published_at": published_at})
            connection.execute("CHECKPOINT publishing")
        finally:
            connection.execute("DETACH publishing")
    return row_counts


def remove_leftover_files(home: Path) -> None:
    """Delete staging files a crashed publish may have left behind."""
    for leftover in home.glob(f"{TMP_PREFIX}*"):
        leftover.unlink(missing_ok=True)
