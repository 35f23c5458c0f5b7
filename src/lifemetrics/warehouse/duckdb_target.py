"""The default engine: dbt-duckdb builds schema `audit` of warehouse.duckdb, which raw already is in,
and publishing copies the audited marts into a new analytics.duckdb (publish.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from lifemetrics.settings import Settings
from lifemetrics.warehouse.engine import AUDIT_SCHEMA, connect_warehouse, information_schema_has

THREADS = 4


class DuckDBTarget:
    """dbt-duckdb on warehouse.duckdb; raw needs no landing (dlt loads it there)."""

    name = "duckdb"
    query_errors = (duckdb.Error,)

    def dbt_output(self, settings: Settings) -> dict[str, Any]:
        """dbt-duckdb on the warehouse file, building into schema `audit`."""
        return {
            "type": "duckdb",
            "path": str(settings.warehouse_path),
            "schema": AUDIT_SCHEMA,
            "threads": THREADS,
            "settings": {
                # Raw tables are written in small row groups (pipelines.ROW_GROUP_ROWS): a vacuum at
                # dbt's checkpoint would merge them to DuckDB's default size, rewriting them whole.
                "max_vacuum_tasks": 0,
                # DuckDB's default takes most of the machine's memory, mostly as a cache of what it
                # read; bounded, it spills instead (models never rely on the order rows were written in).
                "memory_limit": settings.build_memory_limit,
                "preserve_insertion_order": False,
            },
        }

    def land_raw(self, settings: Settings) -> None:
        """Nothing to do: dbt reads raw where dlt loaded it."""

    def audit_rows(
        self, settings: Settings, sql: str, parameters: list[object] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """`sql` on warehouse.duckdb opened read-only (duckdb.IOException when another process holds it)."""
        with connect_warehouse(settings, read_only=True) as connection:
            cursor = connection.execute(sql, parameters or [])
            return [column[0] for column in cursor.description], cursor.fetchall()

    def audit_table_exists(self, settings: Settings, table: str) -> bool:
        """Whether the audit schema holds `table` (its information_schema)."""
        return information_schema_has(self.audit_rows, settings, table)

    def publish(
        self, settings: Settings, tables: list[str], published_at: datetime
    ) -> dict[str, int]:
        """Copy the audited marts into a new analytics.duckdb and rename it into place."""
        from lifemetrics.warehouse.publish import publish

        return publish(settings, tables, published_at)
