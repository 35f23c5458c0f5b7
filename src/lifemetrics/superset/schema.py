"""The published schema, read from `analytics.duckdb` read-only: what the bundle's datasets describe."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from lifemetrics.superset.errors import SupersetError


@dataclass(frozen=True)
class PublishedTable:
    """A published table and its columns, in table order, with their DuckDB types."""

    name: str
    columns: dict[str, str]

    def has(self, *columns: str) -> bool:
        """Whether every one of these columns is published (charts on newer columns wait for them)."""
        return all(column in self.columns for column in columns)


PublishedSchema = dict[str, PublishedTable]

TABLES_SQL = """
select table_name, column_name, data_type
from information_schema.columns
where table_schema = current_schema() and table_catalog = current_database()
  and column_name not like '\\_%' escape '\\'
order by table_name, ordinal_position
"""


def read_published_schema(analytics_path: Path) -> PublishedSchema:
    """Every published table with its columns (columns starting with `_` are the pipeline's own)."""
    if not analytics_path.exists():
        raise SupersetError(
            f"{analytics_path} does not exist: run `lifemetrics run` (or `lifemetrics demo`) first"
        )
    try:
        with duckdb.connect(str(analytics_path), read_only=True) as connection:
            rows = connection.execute(TABLES_SQL).fetchall()
    except duckdb.Error as exc:
        raise SupersetError(f"cannot read {analytics_path} read-only: {exc}") from None
    tables: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, {})[column] = data_type
    return {name: PublishedTable(name, columns) for name, columns in tables.items()}


def default_player(analytics_path: Path, configured: list[str]) -> str | None:
    """The player the Chess dashboard opens on: the first configured one that has published games
    ("me"), else the first published player; None when no game is published."""
    try:
        with duckdb.connect(str(analytics_path), read_only=True) as connection:
            rows = connection.execute(
                "select distinct player from fct_chess_games order by player"
            ).fetchall()
    except duckdb.Error:
        return None
    players = [player for (player,) in rows]
    mine = [name.lower() for name in configured if name.lower() in players]
    return (mine or players or [None])[0]
