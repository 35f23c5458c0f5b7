"""The Trino engine (LIFEMETRICS_ENGINE=trino): raw lands as Iceberg tables, dbt-trino builds the same
models into namespace `audit` of the lakehouse's catalog, and a passed audit is published into
namespace `analytics` (publish.py), then exported to analytics.duckdb for every DuckDB reader."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lifemetrics.lakehouse.connection import lakehouse_connection
from lifemetrics.lakehouse.errors import LakehouseError
from lifemetrics.lakehouse.trino_client import import_trino, trino_address, trino_cursor
from lifemetrics.settings import Settings
from lifemetrics.warehouse.engine import AUDIT_SCHEMA, information_schema_has

THREADS = 4


def _trino_errors() -> tuple[type[Exception], ...]:
    """What the Trino client raises for a failing query; LakehouseError when it is not installed."""
    try:
        trino = import_trino()
    except ImportError:
        raise LakehouseError(
            "LIFEMETRICS_ENGINE=trino needs the lakehouse environment: run `make lakehouse`, then "
            "use .venv-lakehouse/bin/lifemetrics"
        ) from None
    return (trino.exceptions.TrinoQueryError, trino.exceptions.DatabaseError)


class TrinoTarget:
    """dbt-trino on the Iceberg catalog; raw merged into Iceberg by pyiceberg."""

    name = "trino"

    def __init__(self) -> None:
        self.query_errors = _trino_errors()

    def dbt_output(self, settings: Settings) -> dict[str, Any]:
        """dbt-trino on the lakehouse's catalog, building into namespace `audit`."""
        connection = lakehouse_connection(settings)
        return {
            "type": "trino",
            "method": "none",
            **trino_address(connection),
            "user": connection.trino_user,
            "database": connection.catalog,
            "schema": AUDIT_SCHEMA,
            "threads": THREADS,
        }

    def land_raw(self, settings: Settings) -> None:
        """Merge warehouse.duckdb's raw tables into the Iceberg raw namespaces."""
        from lifemetrics.lakehouse.raw_landing import land_raw_into_lakehouse

        land_raw_into_lakehouse(settings)

    def audit_rows(
        self, settings: Settings, sql: str, parameters: list[object] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """`sql` on Trino with namespace audit as the default schema."""
        with trino_cursor(lakehouse_connection(settings), AUDIT_SCHEMA) as cursor:
            cursor.execute(sql, parameters or None)
            rows = [tuple(row) for row in cursor.fetchall()]
            return [column[0] for column in cursor.description], rows

    def audit_table_exists(self, settings: Settings, table: str) -> bool:
        """Whether the audit schema holds `table` (its information_schema)."""
        return information_schema_has(self.audit_rows, settings, table)

    def publish(
        self, settings: Settings, tables: list[str], published_at: datetime
    ) -> dict[str, int]:
        """Swap the audited tables into `analytics`, record the publish, export analytics.duckdb."""
        from lifemetrics.lakehouse.publish import publish_lakehouse

        return publish_lakehouse(settings, tables, published_at)
