"""The bundle's database connection: the published tables in `analytics.duckdb` (read-only) or in
Trino's `analytics` namespace of the lakehouse catalog."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from lifemetrics.superset.assets import Database
from lifemetrics.superset.errors import SupersetError

ENGINES = ("duckdb", "trino")
TRINO_SCHEMA = "analytics"


def duckdb_database(analytics_path: Path) -> Database:
    """`analytics.duckdb` through duckdb-engine, opened read-only so the pipeline can publish."""
    return Database(
        "duckdb",
        "lifemetrics analytics (DuckDB)",
        f"duckdb:///{analytics_path.resolve()}",
        schema="main",
        engine_params={"connect_args": {"read_only": True}},
    )


def trino_database(trino_url: str, catalog: str, user: str) -> Database:
    """The lakehouse's published namespace through the trino package's SQLAlchemy dialect."""
    parts = urlsplit(trino_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SupersetError(f"--trino-url must be http(s)://host:port, got {trino_url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 8080)
    return Database(
        "trino",
        "lifemetrics analytics (Trino)",
        f"trino://{user}@{parts.hostname}:{port}/{catalog}/{TRINO_SCHEMA}",
        schema=TRINO_SCHEMA,
        catalog=catalog,
        engine_params={"connect_args": {"http_scheme": parts.scheme}},
    )
