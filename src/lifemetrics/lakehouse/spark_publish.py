"""Write-audit-publish on Iceberg through Spark, as publish.py does through Trino and into the same tables:
each audited table replaces its `analytics` table (CREATE OR REPLACE TABLE, one new snapshot each), then
one append to `analytics.publish_manifest` records every table's snapshot id under one publish id, the
single Iceberg commit that is the publish; analytics.duckdb is exported from the manifest."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from lifemetrics.lakehouse.manifest import ANALYTICS_SCHEMA, MANIFEST_TABLE, published_manifest
from lifemetrics.lakehouse.spark_session import spark_session
from lifemetrics.settings import Settings
from lifemetrics.warehouse.engine import AUDIT_SCHEMA
from lifemetrics.warehouse.sql_text import spark_identifier as identifier

MANIFEST = f"{ANALYTICS_SCHEMA}.{MANIFEST_TABLE}"
MANIFEST_COLUMNS = (
    "publish_id string, published_at timestamp, table_name string, snapshot_id bigint"
)


def publish_on_spark(
    settings: Settings, tables: list[str], published_at: datetime
) -> dict[str, int]:
    """Replace each analytics table by its audited one, record the manifest, export analytics.duckdb."""
    spark = spark_session(settings)
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {identifier(ANALYTICS_SCHEMA)}")
    spark.sql(f"CREATE TABLE IF NOT EXISTS {MANIFEST} ({MANIFEST_COLUMNS}) USING iceberg")
    snapshots = {table: replace_table(spark, table) for table in tables}
    publish_id = uuid.uuid4().hex
    rows = [(publish_id, published_at, table, snapshot) for table, snapshot in snapshots.items()]
    spark.createDataFrame(rows, MANIFEST_COLUMNS).writeTo(MANIFEST).append()
    from lifemetrics.lakehouse.export import export_published

    return export_published(settings, published_manifest(settings), published_at)


def replace_table(spark: Any, table: str) -> int:
    """CREATE OR REPLACE analytics.`table` from audit (bookkeeping columns `_*` left out); its snapshot id."""
    audited = f"{identifier(AUDIT_SCHEMA)}.{identifier(table)}"
    published = f"{identifier(ANALYTICS_SCHEMA)}.{identifier(table)}"
    columns = [column for column in spark.table(audited).columns if not column.startswith("_")]
    selected = ", ".join(identifier(column) for column in columns)
    spark.sql(
        f"CREATE OR REPLACE TABLE {published} USING iceberg AS SELECT {selected} FROM {audited}"
    )
    [(snapshot,)] = spark.sql(
        f"SELECT snapshot_id FROM {published}.snapshots ORDER BY committed_at DESC LIMIT 1"
    ).collect()
    return int(snapshot)
