"""A held raw pipeline loads many times through one connection: rows land in the warehouse file in
small row groups, and the file is free for anyone once the pipeline is closed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from lifemetrics.settings import load_settings
from lifemetrics.warehouse.pipelines import (
    HELD_CONFIG,
    HELD_MEMORY_LIMIT,
    MERGE_MEMORY_LIMIT,
    ROW_GROUP_ROWS,
    held_raw_pipeline,
    raw_pipeline,
    set_memory_limit,
)

ROWS = 3 * ROW_GROUP_ROWS + 100


def numbers(start: int, count: int) -> pa.Table:
    return pa.table({"n": pa.array(range(start, start + count), pa.int64())})


def test_held_pipeline_loads_twice_into_the_warehouse_in_small_row_groups(
    isolated_env: Path,
) -> None:
    settings = load_settings(home=isolated_env, timezone="UTC")
    with held_raw_pipeline(settings, "probe") as pipeline:
        pipeline.run(numbers(0, ROWS), table_name="numbers")
        pipeline.run(numbers(ROWS, ROWS), table_name="numbers")

    # Closed: another connection may write the file (no lock left), and sees both loads.
    with duckdb.connect(str(settings.warehouse_path)) as connection:
        assert connection.execute(
            "SELECT count(DISTINCT n), count(*) FROM raw_probe.numbers"
        ).fetchone() == (
            2 * ROWS,
            2 * ROWS,
        )
        row_groups = connection.execute(
            "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('raw_probe.numbers')"
        ).fetchone()[0]
    assert row_groups >= 2 * ROWS / ROW_GROUP_ROWS


def test_nothing_of_a_held_pipeline_is_left_in_memory(isolated_env: Path) -> None:
    settings = load_settings(home=isolated_env, timezone="UTC")
    with held_raw_pipeline(settings, "probe") as pipeline:
        pipeline.run(numbers(0, 10), table_name="numbers")
        with pipeline.sql_client() as client:
            catalogs = {
                row[0] for row in client.execute_sql("SELECT database_name FROM duckdb_tables()")
            }
    assert catalogs == {settings.warehouse_path.stem}


def test_a_later_load_without_a_held_connection_keeps_the_small_row_groups(
    isolated_env: Path,
) -> None:
    settings = load_settings(home=isolated_env, timezone="UTC")
    with held_raw_pipeline(settings, "probe") as pipeline:
        pipeline.run(numbers(0, ROWS), table_name="numbers")
    raw_pipeline(settings, "other").run(numbers(0, 10), table_name="numbers")

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as connection:
        row_groups = connection.execute(
            "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('raw_probe.numbers')"
        ).fetchone()[0]
    assert (
        row_groups >= ROWS / ROW_GROUP_ROWS
    )  # not merged back into one row group of DuckDB's default size


def test_a_merge_gets_more_memory_than_an_append_on_the_held_connection(isolated_env: Path) -> None:
    settings = load_settings(home=isolated_env, timezone="UTC")

    def limit(pipeline) -> str:
        with pipeline.sql_client() as client:
            return client.execute_sql("SELECT current_setting('memory_limit')")[0][0]

    with held_raw_pipeline(settings, "probe") as pipeline:
        pipeline.run(numbers(0, 10), table_name="numbers")
        held = limit(pipeline)
        set_memory_limit(pipeline, MERGE_MEMORY_LIMIT)
        pipeline.run(numbers(10, 10), table_name="numbers", write_disposition="merge")
        merging = limit(pipeline)
        set_memory_limit(pipeline, HELD_MEMORY_LIMIT)
        back = limit(pipeline)
    # DuckDB shows limits in MiB: 128 MB and 512 MB
    assert (held, merging, back) == ("122.0 MiB", "488.2 MiB", "122.0 MiB")
    assert HELD_CONFIG["memory_limit"] == HELD_MEMORY_LIMIT  # the module's settings are untouched
