"""An importable Superset bundle generated from the published schema (no Superset import here)."""

from lifemetrics.superset.bundle import BundleSummary, write_bundle
from lifemetrics.superset.connections import ENGINES, duckdb_database, trino_database
from lifemetrics.superset.schema import default_player, read_published_schema

__all__ = [
    "ENGINES",
    "BundleSummary",
    "default_player",
    "duckdb_database",
    "read_published_schema",
    "trino_database",
    "write_bundle",
]
