"""The chess transform as a Spark job: the month files `chess_months` stored are turned into raw game rows
in parallel by the single-process loader's own function (`month_table`: one implementation, two
runners), then merged by (player, uuid) into the Iceberg table raw_chess_com.games.

Its tasks read the month files through pyarrow's S3 filesystem (Spark's own file sources would need
Hadoop's S3A jars). Like the single-process loader, a game listed in two months is kept with its later
month, and a game no longer in any of a player's months leaves the table. Rows whose values did not
change keep their `_dlt_load_id` (the job's start, as epoch seconds, as dlt's load ids are), so a
second run changes nothing and the dbt models' incremental watermark sees only what changed.

`spark-submit chess_job.py` runs it on the settings of the environment (`spark_submit_command`)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from lifemetrics.errors import LifemetricsError
from lifemetrics.lakehouse.chess_months import MonthFile, month_files
from lifemetrics.lakehouse.connection import lakehouse_connection
from lifemetrics.lakehouse.errors import LakehouseError
from lifemetrics.lakehouse.object_store import ObjectStore, object_store
from lifemetrics.lakehouse.spark_session import spark_errors, spark_jars, spark_session
from lifemetrics.settings import Settings
from lifemetrics.sources.chess_com.games_table import CONTRACT_COLUMNS, KEY_COLUMNS, drop_games
from lifemetrics.sources.chess_com.month_arrow import month_table
from lifemetrics.warehouse.sql_text import spark_identifier as identifier

NAMESPACE, TABLE = "raw_chess_com", "games"
TABLE_NAME = f"{NAMESPACE}.{TABLE}"  # for Spark's DataFrame API; GAMES_TABLE for its SQL
GAMES_TABLE = f"{identifier(NAMESPACE)}.{identifier(TABLE)}"
LOAD_ID = "_dlt_load_id"
EXTRA = "_extra_fields"  # a game's fields outside the contract, as one JSON object (NULL: none)
SOURCE_VIEW = "chess_job_games"
TASKS_PER_CORE = 4
ROW_SCHEMA = pa.schema(
    [*(pa.field(name, kind) for name, kind in CONTRACT_COLUMNS.items())]
    + [pa.field(EXTRA, pa.string()), pa.field(LOAD_ID, pa.string())]
)


@dataclass(frozen=True)
class ChessJobReport:
    """What a run read and what the table holds after it."""

    players: int
    months: int
    games: int
    table_rows: int

    def summary(self) -> str:
        """The one line the CLI and spark-submit print."""
        return (
            f"chess job: {self.months} months of {self.players} players, {self.games} games merged "
            f"into {TABLE_NAME} ({self.table_rows} rows)"
        )


def run_chess_job(settings: Settings) -> ChessJobReport:
    """Merge every stored month file into raw_chess_com.games; LakehouseError when there is none or
    Spark fails."""
    store = object_store(lakehouse_connection(settings))
    files = month_files(store)
    if not files:
        raise LakehouseError(
            f"no chess.com month files in s3://{store.bucket}/raw/chess_com: store them first "
            "(`lifemetrics lakehouse chess-job` downloads them)"
        )
    spark = spark_session(settings)
    try:
        return merge_month_files(spark, store, files)
    except spark_errors() as exc:
        raise LakehouseError(f"the Spark chess job failed: {error_line(exc)}") from None


def error_line(exc: Exception) -> str:
    """The line of a Spark error that says what went wrong: a task's Python error is the last line of
    its traceback, any other error its first line."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return lines[-1] if "Traceback (most recent call last)" in str(exc) else lines[0]


def merge_month_files(spark: Any, store: ObjectStore, files: list[MonthFile]) -> ChessJobReport:
    """Read, parse and merge `files` in one Spark job; the report of the run."""
    parsed = latest_listings(month_games(spark, store, files, load_id=f"{time.time():.6f}"))
    parsed.persist()  # parsed once: the extra fields' names, the merge and the count read it
    try:
        games = with_extra_fields(spark, parsed)
        players = sorted({file.player for file in files})
        merge_games(spark, games, players)
        return ChessJobReport(
            len(players), len(files), games.count(), spark.table(TABLE_NAME).count()
        )
    finally:
        parsed.unpersist()


def month_games(spark: Any, store: ObjectStore, files: list[MonthFile], load_id: str) -> Any:
    """The game rows of `files`, parsed in Spark's tasks (each opens its files in the store)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    slices = max(1, min(len(files), spark.sparkContext.defaultParallelism * TASKS_PER_CORE))
    listed = [(file.path, file.player, file.month) for file in files]
    paths = spark.sparkContext.parallelize(listed, slices).toDF(
        "path string, player string, month string"
    )
    return paths.mapInArrow(partial(game_batches, store, load_id), from_arrow_schema(ROW_SCHEMA))


def game_batches(
    store: ObjectStore, load_id: str, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """mapInArrow's function: for each (path, player, month), the month's games as rows of ROW_SCHEMA."""
    filesystem = store.filesystem()
    for batch in batches:
        for path, player, month in zip(*batch.to_pydict().values()):
            with filesystem.open_input_stream(path) as stream:
                body = stream.read()
            table = month_table(body, f"s3://{path}", player, month)
            yield from contract_rows(drop_games(table, set()), load_id)


def contract_rows(table: pa.Table, load_id: str) -> Iterator[pa.RecordBatch]:
    """`table` as ROW_SCHEMA: the contract columns, any other field in EXTRA, the load id."""
    extra = [name for name in table.column_names if name not in CONTRACT_COLUMNS]
    columns = [table.column(name).cast(kind) for name, kind in CONTRACT_COLUMNS.items()]
    columns.append(pa.array(extra_fields(table.select(extra)), pa.string()))
    columns.append(pa.array([load_id] * table.num_rows, pa.string()))
    yield from pa.Table.from_arrays(columns, schema=ROW_SCHEMA).to_batches()


def extra_fields(table: pa.Table) -> list[str | None]:
    """Each row's non-NULL values of `table` as one JSON object (NULL when it has none)."""
    if not table.num_columns:
        return [None] * table.num_rows
    objects = [{k: v for k, v in row.items() if v is not None} for row in table.to_pylist()]
    return [orjson.dumps(value).decode() if value else None for value in objects]


def latest_listings(games: Any) -> Any:
    """Each (player, uuid) once: the copy of its latest month (the newer listing, as in raw)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    latest = Window.partitionBy(*KEY_COLUMNS).orderBy(F.col("archive_month").desc())
    listing = "_listing"
    return (
        games.withColumn(listing, F.row_number().over(latest))
        .where(F.col(listing) == 1)
        .drop(listing)
    )


def with_extra_fields(spark: Any, games: Any) -> Any:
    """EXTRA spread into one column per field, typed as Spark infers them from the JSON (as dlt infers
    a new field's type); no column when no game has one."""
    from pyspark.sql import functions as F

    objects = games.where(F.col(EXTRA).isNotNull()).select(EXTRA)
    if objects.isEmpty():
        return games.drop(EXTRA)
    schema = spark.read.json(objects.rdd.map(lambda row: row[0])).schema
    fields = F.from_json(EXTRA, schema)
    return games.withColumns({field.name: fields[field.name] for field in schema.fields}).drop(
        EXTRA
    )


def merge_games(spark: Any, games: Any, players: list[str]) -> None:
    """MERGE `games` into the table by (player, uuid), creating it or adding new columns first."""
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {identifier(NAMESPACE)}")
    spark.sql(
        f"CREATE TABLE IF NOT EXISTS {GAMES_TABLE} ({column_definitions(games.schema.fields)}) "
        "USING iceberg"
    )
    present = set(spark.table(TABLE_NAME).columns)
    new = [field for field in games.schema.fields if field.name not in present]
    if new:  # a field chess.com added
        spark.sql(f"ALTER TABLE {GAMES_TABLE} ADD COLUMNS ({column_definitions(new)})")
    games.createOrReplaceTempView(SOURCE_VIEW)
    marks = {f"player{index}": player for index, player in enumerate(players)}
    spark.sql(merge_statement(games.columns, list(marks)), args=marks)


def column_definitions(fields: list[Any]) -> str:
    """Spark's fields as the column list of CREATE TABLE or ADD COLUMNS."""
    return ", ".join(
        f"{identifier(field.name)} {field.dataType.simpleString()}" for field in fields
    )


def merge_statement(columns: list[str], player_marks: list[str]) -> str:
    """The MERGE: changed games updated, new ones inserted, a merged player's games no month lists
    any more deleted; unchanged games keep their load id."""
    quoted = [identifier(column) for column in columns]
    compared = [name for name, column in zip(quoted, columns) if column != LOAD_ID]
    on = " AND ".join(f"t.{identifier(key)} = s.{identifier(key)}" for key in KEY_COLUMNS)
    changed = " OR ".join(f"NOT (t.{name} <=> s.{name})" for name in compared)
    players = ", ".join(f":{mark}" for mark in player_marks)
    return (
        f"MERGE INTO {GAMES_TABLE} t USING {SOURCE_VIEW} s ON {on} "
        f"WHEN MATCHED AND ({changed}) THEN UPDATE SET "
        + ", ".join(f"t.{name} = s.{name}" for name in quoted)
        + f" WHEN NOT MATCHED THEN INSERT ({', '.join(quoted)}) "
        f"VALUES ({', '.join(f's.{name}' for name in quoted)}) "
        f"WHEN NOT MATCHED BY SOURCE AND t.{identifier('player')} IN ({players}) THEN DELETE"
    )


def spark_submit_command(settings: Settings) -> list[str]:
    """The spark-submit command line that runs this job (the Airflow DAG's task)."""
    beside = Path(sys.executable).with_name("spark-submit")
    return [
        str(beside) if beside.exists() else "spark-submit",
        *("--master", settings.spark_master),
        *("--jars", ",".join(str(jar) for jar in spark_jars())),
        *("--conf", f"spark.pyspark.python={sys.executable}"),
        str(Path(__file__).resolve()),
    ]


def main() -> int:
    """spark-submit's entry: run the job on the environment's settings; one `error:` line and exit
    status 1 on failure."""
    from lifemetrics.settings import load_settings

    try:
        report = run_chess_job(load_settings())
    except LifemetricsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
