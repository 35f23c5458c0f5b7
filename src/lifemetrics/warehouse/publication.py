"""Publish the last passed audit build through the engine (LIFEMETRICS_ENGINE): on DuckDB a new
analytics.duckdb (publish.py), on Trino a swap of Iceberg tables and then analytics.duckdb. The publish
time is taken once, here: `publish_info.published_at` records it and every caller is handed the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from lifemetrics.settings import Settings
from lifemetrics.warehouse.build_state import passed_tables, state_path
from lifemetrics.warehouse.target import target_for


@dataclass(frozen=True)
class Publication:
    """One publish: when (as `publish_info` records it) and the rows of each published table."""

    published_at: datetime
    rows: dict[str, int]


def publish_audited(settings: Settings) -> Publication:
    """Publish the last passed audit build to analytics.duckdb atomically.

    NotAudited when the last build failed or did not finish: analytics.duckdb is then left as it is.
    """
    tables = passed_tables(state_path(settings))
    published_at = datetime.now(UTC)
    return Publication(published_at, target_for(settings).publish(settings, tables, published_at))
