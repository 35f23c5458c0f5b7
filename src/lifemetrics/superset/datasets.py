"""Datasets on the published tables: their columns from the published schema, plus the metrics and
calculated columns the charts use, written in SQL that DuckDB and Trino both run."""

from __future__ import annotations

from lifemetrics.superset.assets import Column, Database, Dataset, Metric
from lifemetrics.superset.schema import PublishedSchema, PublishedTable

SCALAR_TYPES = (
    "VARCHAR",
    "INTEGER",
    "BIGINT",
    "SMALLINT",
    "TINYINT",
    "HUGEINT",
    "DOUBLE",
    "FLOAT",
    "REAL",
    "DECIMAL",
    "BOOLEAN",
    "DATE",
    "TIMESTAMP",
    "TIME",
)
TEMPORAL_TYPES = ("DATE", "TIMESTAMP")
MAIN_TEMPORAL_COLUMNS = ("game_date", "day")


def _is_scalar(data_type: str) -> bool:
    """Lists and structs (`game_details` of the chess aggregates, `daily_details`) cannot be grouped or charted."""
    return data_type.upper().startswith(SCALAR_TYPES) and not data_type.endswith("[]")


def _count_of(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


GAME_METRICS = (
    Metric("games", "COUNT(*)", "Games", ",d"),
    Metric("wins", _count_of("my_result = 'win'"), "Wins", ",d"),
    Metric("draws", _count_of("my_result = 'draw'"), "Draws", ",d"),
    Metric("losses", _count_of("my_result = 'loss'"), "Losses", ",d"),
    Metric("win_rate", "AVG(CASE WHEN my_result = 'win' THEN 1.0 ELSE 0.0 END)", "Win rate", ".0%"),
    Metric(
        "score",
        "AVG(CASE my_result WHEN 'win' THEN 1.0 WHEN 'draw' THEN 0.5 ELSE 0.0 END)",
        "Score (draw = 1/2)",
        ".0%",
    ),
)
MONTH_START = Column(
    "month_start",
    "DATE",
    "Month",
    "CAST(CAST(year AS VARCHAR) || '-' || LPAD(CAST(month AS VARCHAR), 2, '0') || '-01' AS DATE)",
    is_temporal=True,
)
OPENING_WITH_GAMES = Column(
    "opening_with_games",
    "VARCHAR",
    "Opening (games)",
    "opening || ' (' || CAST(total_games AS VARCHAR) || ' games)'",
)


def _calculated_columns(table: PublishedTable) -> tuple[Column, ...]:
    """The calculated columns a table can carry, given the columns it publishes."""
    columns = []
    if table.has("year", "month") and not table.has("month_start"):
        columns.append(MONTH_START)
    if table.has("opening", "total_games", "rank"):
        columns.append(OPENING_WITH_GAMES)
    return tuple(columns)


def _metrics(table: PublishedTable) -> tuple[Metric, ...]:
    """Result metrics on the per-game table; other tables chart their own columns directly."""
    return GAME_METRICS if table.has("my_result") else ()


def build_dataset(table: PublishedTable, database: Database) -> Dataset:
    """A dataset on one published table with every scalar column it has."""
    columns = tuple(
        Column(name, data_type, is_temporal=data_type.upper().startswith(TEMPORAL_TYPES))
        for name, data_type in table.columns.items()
        if _is_scalar(data_type)
    )
    main = next((name for name in MAIN_TEMPORAL_COLUMNS if table.has(name)), None)
    return Dataset(
        table.name,
        database,
        columns + _calculated_columns(table),
        _metrics(table),
        main,
    )


def build_datasets(schema: PublishedSchema, database: Database) -> dict[str, Dataset]:
    """A dataset for every published table, by table name."""
    return {name: build_dataset(table, database) for name, table in sorted(schema.items())}
