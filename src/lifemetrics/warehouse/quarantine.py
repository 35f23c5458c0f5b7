"""What the last audit build set aside: raw rows failing a row-level check, in `audit.quarantine` of the
warehouse (built by the dbt model `quarantine`), never published. Read for build, run and status."""

from __future__ import annotations

from dataclasses import dataclass, field

from lifemetrics.settings import Settings

QUARANTINE_TABLE = "quarantine"
NAMED_ROWS = 5  # how many set-aside rows build and run name; `lifemetrics status` lists more
LISTED_ROWS = 50


@dataclass(frozen=True)
class SetAsideRow:
    """One raw row set aside: its source and raw table, its key, the first check it fails, the value."""

    source: str
    raw_table: str
    record_key: str
    failed_check: str
    raw_value: str | None

    def describe(self) -> str:
        """e.g. `chess_com games hikaru/0f3e... (white__result not a known value: teleported)`."""
        value = f": {self.raw_value}" if self.raw_value is not None else ""
        return f"{self.source} {self.raw_table} {self.record_key} ({self.failed_check}{value})"


@dataclass(frozen=True)
class SetAside:
    """How many rows the last build set aside, and the first of them (by source, table, key)."""

    count: int = 0
    first: list[SetAsideRow] = field(default_factory=list)

    def summary(self, named: int = NAMED_ROWS) -> str:
        """One line: how many rows were set aside and the first few, or '' when none were."""
        if not self.count:
            return ""
        rows = "row" if self.count == 1 else "rows"
        listed = "; ".join(row.describe() for row in self.first[:named])
        more = f"; and {self.count - named} more (lifemetrics status)" if self.count > named else ""
        return f"{self.count} {rows} set aside in the warehouse's quarantine, not published: {listed}{more}"


def read_set_aside(settings: Settings, limit: int = LISTED_ROWS) -> SetAside:
    """The rows `audit.quarantine` holds (none before a first build); on DuckDB, duckdb.IOException
    when another process holds the warehouse."""
    from lifemetrics.warehouse.engine import AUDIT_SCHEMA
    from lifemetrics.warehouse.target import target_for

    if not settings.warehouse_path.exists():
        return SetAside()
    target = target_for(settings)
    if not target.audit_table_exists(settings, QUARANTINE_TABLE):
        return SetAside()
    table = f"{AUDIT_SCHEMA}.{QUARANTINE_TABLE}"  # plain names every engine reads unquoted
    _, counted = target.audit_rows(settings, f"SELECT count(*) FROM {table}")
    _, rows = target.audit_rows(
        settings,
        f"SELECT source, raw_table, record_key, failed_check, raw_value FROM {table} "
        f"ORDER BY source, raw_table, record_key LIMIT {int(limit)}",
    )
    return SetAside(counted[0][0], [SetAsideRow(*row) for row in rows])
