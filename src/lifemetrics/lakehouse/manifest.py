"""The publish manifest of the lakehouse: namespace `analytics` holds the published tables and
`publish_manifest`, one row per table of each publish (publish id, time, table, Iceberg snapshot id).
Trino's and Spark's publishes write it; pyiceberg reads it, whichever engine wrote it."""

from __future__ import annotations

from lifemetrics.lakehouse.catalog import iceberg_catalog
from lifemetrics.lakehouse.connection import lakehouse_connection
from lifemetrics.settings import Settings

ANALYTICS_SCHEMA = "analytics"
MANIFEST_TABLE = "publish_manifest"


def published_manifest(settings: Settings) -> dict[str, int]:
    """The snapshot id of each table of the last publish (empty before the first)."""
    catalog = iceberg_catalog(lakehouse_connection(settings))
    name = f"{ANALYTICS_SCHEMA}.{MANIFEST_TABLE}"
    if not catalog.table_exists(name):
        return {}
    rows = catalog.load_table(name).scan().to_arrow().to_pylist()
    if not rows:
        return {}
    last = max(rows, key=lambda row: row["published_at"])["publish_id"]
    return {row["table_name"]: row["snapshot_id"] for row in rows if row["publish_id"] == last}
