"""analytics.duckdb from the published Iceberg tables: each table read at the snapshot id the manifest
names (pyiceberg), written into a new DuckDB file renamed into place, as the DuckDB publish does."""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime

from lifemetrics.files import fsync_file
from lifemetrics.lakehouse.catalog import iceberg_catalog
from lifemetrics.lakehouse.connection import lakehouse_connection
from lifemetrics.lakehouse.manifest import ANALYTICS_SCHEMA
from lifemetrics.settings import Settings
from lifemetrics.warehouse.engine import connect
from lifemetrics.warehouse.publish import TMP_PREFIX, remove_leftover_files
from lifemetrics.warehouse.sql_text import identifier

PUBLISH_INFO_SQL = """
CREATE TABLE publish_info AS
SELECT
    CAST(? AS TIMESTAMPTZ) AS published_at,
    (SELECT min(game_date) FROM fct_chess_games) AS chess_first_day,
    (SELECT max(game_date) FROM fct_chess_games) AS chess_last_day,
    (SELECT min(day) FROM daily_health) AS health_first_day,
    (SELECT max(day) FROM daily_health) AS health_last_day
"""


def export_published(
    settings: Settings, snapshots: dict[str, int], published_at: datetime
) -> dict[str, int]:
    """Write analytics.duckdb from the tables of `snapshots` at those snapshots; rows per table."""
    catalog = iceberg_catalog(lakehouse_connection(settings))
    remove_leftover_files(settings.home)
    staged = settings.home / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    rows: dict[str, int] = {}
    try:
        with connect(staged) as duck:
            for table, snapshot in sorted(snapshots.items()):
                data = catalog.load_table(f"{ANALYTICS_SCHEMA}.{table}")
                arrow = data.scan(snapshot_id=snapshot).to_arrow()
                duck.register("published", arrow)
                duck.execute(f"CREATE TABLE {identifier(table)} AS SELECT * FROM published")
                duck.unregister("published")
                rows[table] = arrow.num_rows
            duck.execute(PUBLISH_INFO_SQL, [published_at])
            duck.execute("CHECKPOINT")
        fsync_file(staged)
        os.replace(staged, settings.analytics_path)
        fsync_file(settings.home)
    finally:
        staged.unlink(missing_ok=True)
    (settings.lakehouse_dir / "published_manifest.json").write_text(json.dumps(snapshots))
    return rows
