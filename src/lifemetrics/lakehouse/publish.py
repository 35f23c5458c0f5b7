"""Write-audit-publish on Iceberg: each audited table replaces its `analytics` table (CREATE OR REPLACE
TABLE, one new snapshot each), then one INSERT into `analytics.publish_manifest` records the snapshot id of
every table under one publish id: that single Iceberg commit is the publish. Readers that follow the
manifest (analytics.duckdb is exported from it) never see a mix of two publishes; a reader of Trino's
`analytics.<table>` without the manifest may, for the seconds a publish takes. A failed audit never gets
here, so analytics keeps its snapshot ids; a publish killed before its manifest row leaves the last
manifest pointing at the previous snapshots, which `FOR VERSION AS OF` still reads."""

from __future__ import annotations

import uuid
from datetime import datetime

from lifemetrics.lakehouse.connection import lakehouse_connection
from lifemetrics.lakehouse.manifest import ANALYTICS_SCHEMA, MANIFEST_TABLE, published_manifest
from lifemetrics.lakehouse.trino_client import trino_cursor
from lifemetrics.settings import Settings
from lifemetrics.warehouse.engine import AUDIT_SCHEMA
from lifemetrics.warehouse.sql_text import identifier, string_literal


def publish_lakehouse(
    settings: Settings, tables: list[str], published_at: datetime
) -> dict[str, int]:
    """Replace each analytics table by its audited one, record the manifest, export analytics.duckdb."""
    connection = lakehouse_connection(settings)
    publish_id = uuid.uuid4().hex
    snapshots: dict[str, int] = {}
    with trino_cursor(connection, ANALYTICS_SCHEMA) as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {identifier(ANALYTICS_SCHEMA)}")
        cursor.fetchall()
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MANIFEST_TABLE} (publish_id varchar, "
            "published_at timestamp(6) with time zone, table_name varchar, snapshot_id bigint)"
        )
        cursor.fetchall()
        for table in tables:
            snapshots[table] = replace_table(cursor, table)
        values = ", ".join(
            f"({string_literal(publish_id)}, from_iso8601_timestamp("
            f"{string_literal(published_at.isoformat())}), {string_literal(table)}, {snapshot})"
            for table, snapshot in snapshots.items()
        )
        cursor.execute(f"INSERT INTO {MANIFEST_TABLE} VALUES {values}")
        cursor.fetchall()
    from lifemetrics.lakehouse.export import export_published

    return export_published(settings, published_manifest(settings), published_at)


def replace_table(cursor: object, table: str) -> int:
    """CREATE OR REPLACE analytics.`table` from audit (bookkeeping columns `_*` left out); its snapshot id."""
    name = identifier(table)
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [AUDIT_SCHEMA, table],
    )
    columns = [row[0] for row in cursor.fetchall() if not row[0].startswith("_")]  # type: ignore[attr-defined]
    selected = ", ".join(identifier(column) for column in columns)
    cursor.execute(  # type: ignore[attr-defined]
        f"CREATE OR REPLACE TABLE {name} AS SELECT {selected} FROM {AUDIT_SCHEMA}.{name}"
    )
    cursor.fetchall()  # type: ignore[attr-defined]
    cursor.execute(  # type: ignore[attr-defined]
        f'SELECT snapshot_id FROM "{table}$snapshots" ORDER BY committed_at DESC LIMIT 1'
    )
    return int(cursor.fetchall()[0][0])  # type: ignore[attr-defined]
