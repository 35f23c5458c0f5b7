"""The Spark engine (LIFEMETRICS_ENGINE=spark): raw lands as Iceberg tables (as on Trino), dbt-spark builds
the same models in this process's Spark session into namespace `audit` of the lakehouse's catalog, and a
passed audit is published into namespace `analytics` (spark_publish.py), then exported to
analytics.duckdb for every DuckDB reader."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lifemetrics.lakehouse.spark_session import spark_errors, spark_session
from lifemetrics.settings import Settings
from lifemetrics.warehouse.engine import AUDIT_SCHEMA


class SparkTarget:
    """dbt-spark (method session) on the Iceberg catalog; raw merged into Iceberg by pyiceberg."""

    name = "spark"

    def __init__(self) -> None:
        self.query_errors = spark_errors()

    def dbt_output(self, settings: Settings) -> dict[str, Any]:
        """dbt-spark in this process's session (started here, so dbt-spark finds it configured)."""
        spark_session(settings)
        return {"type": "spark", "method": "session", "host": "localhost", "schema": AUDIT_SCHEMA}

    def land_raw(self, settings: Settings) -> None:
        """Merge warehouse.duckdb's raw tables into the Iceberg raw namespaces."""
        from lifemetrics.lakehouse.raw_landing import land_raw_into_lakehouse

        land_raw_into_lakehouse(settings)

    def audit_rows(
        self, settings: Settings, sql: str, parameters: list[object] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """`sql` on Spark with namespace audit as the current one (`?` binds `parameters`)."""
        spark = spark_session(settings)
        spark.catalog.setCurrentDatabase(AUDIT_SCHEMA)
        frame = spark.sql(sql, args=parameters or None)
        return frame.columns, [tuple(row) for row in frame.collect()]

    def audit_table_exists(self, settings: Settings, table: str) -> bool:
        """Whether namespace audit holds `table`."""
        return bool(spark_session(settings).catalog.tableExists(f"{AUDIT_SCHEMA}.{table}"))

    def publish(
        self, settings: Settings, tables: list[str], published_at: datetime
    ) -> dict[str, int]:
        """Swap the audited tables into `analytics`, record the publish, export analytics.duckdb."""
        from lifemetrics.lakehouse.spark_publish import publish_on_spark

        return publish_on_spark(settings, tables, published_at)
