"""The engine seam (LIFEMETRICS_ENGINE): what differs between building on DuckDB and on a lakehouse.

dlt always lands raw in the working `warehouse.duckdb` first (it keeps dlt's state and the sources'
change tracking there); an engine then says where dbt builds (its profile output), how raw reaches it
(`land_raw`), how the audit tables are queried (`audit_rows`), and how a passed audit is published
(`publish`: always ending with a new `analytics.duckdb`, which every reader opens). DuckDB is the
default; Trino (lifemetrics.lakehouse.target) and Spark (lifemetrics.lakehouse.spark_target) are the
lakehouse's."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from lifemetrics.settings import Settings


class Target(Protocol):
    """One engine's side of ingestion, build, audit and publish."""

    name: str
    query_errors: tuple[type[Exception], ...]  # what a failing query of `audit_rows` raises

    def dbt_output(self, settings: Settings) -> dict[str, Any]:
        """The dbt profile output that builds into schema `audit`."""
        ...

    def land_raw(self, settings: Settings) -> None:
        """Bring the raw tables dlt loaded into warehouse.duckdb to where dbt reads them."""
        ...

    def audit_rows(
        self, settings: Settings, sql: str, parameters: list[object] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Column names and rows of `sql` on the audit schema (read-only use)."""
        ...

    def audit_table_exists(self, settings: Settings, table: str) -> bool:
        """Whether the audit schema holds `table`."""
        ...

    def publish(
        self, settings: Settings, tables: list[str], published_at: datetime
    ) -> dict[str, int]:
        """Publish `tables` of schema audit atomically and write analytics.duckdb; rows per table."""
        ...


def target_for(settings: Settings) -> Target:
    """The engine LIFEMETRICS_ENGINE names (duckdb unless set)."""
    if settings.engine == "trino":
        from lifemetrics.lakehouse.target import TrinoTarget

        return TrinoTarget()
    if settings.engine == "spark":
        from lifemetrics.lakehouse.spark_target import SparkTarget

        return SparkTarget()
    from lifemetrics.warehouse.duckdb_target import DuckDBTarget

    return DuckDBTarget()
