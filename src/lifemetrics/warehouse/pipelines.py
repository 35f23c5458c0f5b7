"""dlt pipelines writing raw tables into the working `warehouse.duckdb`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Personal data stays personal: no usage telemetry to dlthub unless the user asks for it in the environment.
os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
# dlt logs each failed load job with its traceback (a full disk: hundreds of lines); lifemetrics reports
# every failure as one line itself. RUNTIME__LOG_LEVEL=WARNING in the environment shows dlt's log again.
os.environ.setdefault("RUNTIME__LOG_LEVEL", "CRITICAL")

import dlt  # noqa: E402 - after the telemetry default, which dlt reads when it starts
import duckdb  # noqa: E402
from dlt.destinations.impl.duckdb.configuration import DuckDbCredentials  # noqa: E402
from dlt.pipeline.pipeline import Pipeline  # noqa: E402

from lifemetrics.home import private_home  # noqa: E402
from lifemetrics.settings import Settings  # noqa: E402
from lifemetrics.warehouse.duckdb_destination import QuotedPathDuckDb  # noqa: E402
from lifemetrics.warehouse.sql_text import identifier, string_literal  # noqa: E402

# Rows per DuckDB row group of tables written through a held connection (DuckDB's default is 122,880).
# A load's rows go to disk (compressed) each time a row group fills, instead of staying in memory until
# the load commits, and a checkpoint never rewrites more than one such partial row group. Other writers
# of the warehouse (dlt without a held connection, dbt) run without vacuum, which would merge these row
# groups back to the default size: a rewrite of the whole table (100,000 games: ~6 s, +400 MB).
ROW_GROUP_ROWS = 16_384
# The held connection is never closed between loads, so what its buffer pool keeps stays resident:
# a small limit (DuckDB writes full row groups out and evicts them). One thread: a load is one Parquet
# file, which a second thread inserts no faster, at a higher peak (measured on 100,000 games).
HELD_MEMORY_LIMIT = "128MB"
HELD_CONFIG = {"memory_limit": HELD_MEMORY_LIMIT, "threads": 1}
# A merge load first deletes the rows it replaces, matched by key or by month: an OR join DuckDB cannot
# hash, so it holds the key columns of the whole table (1,000,000 games: out of memory at 128 MB, 300 MB
# resident at 256 MB, measured). It grows with the history: merges get more room than appends.
MERGE_MEMORY_LIMIT = "512MB"


def set_memory_limit(pipeline: Pipeline, limit: str) -> None:
    """DuckDB's memory limit for the next loads of a held pipeline (`HELD_MEMORY_LIMIT`,
    `MERGE_MEMORY_LIMIT`): dlt sets its credentials' global settings on each connection it opens."""
    pipeline.destination.config_params["credentials"].global_config["memory_limit"] = limit


def raw_pipeline(
    settings: Settings,
    source_name: str,
    credentials: DuckDbCredentials | None = None,
    pipeline_name: str | None = None,
) -> Pipeline:
    """The dlt pipeline of one source: dataset `raw_<source_name>`, state kept under LIFEMETRICS_HOME.

    Without `credentials`, dlt opens and closes the warehouse file around each of its steps. A second
    writer of the same dataset (`lifemetrics watch`) names its own pipeline, so each keeps its own state.
    """
    private_home(settings.home)
    # Every raw row carries `_dlt_load_id`, Arrow tables too (dlt adds it only to JSON rows by default):
    # the dbt models' incremental watermark, which catches late games and revised Oura days.
    dlt.config["normalize.parquet_normalizer.add_dlt_load_id"] = True
    # Big loads (a long chess history) stay within bounded memory: DuckDB spills instead of growing, keeps
    # no insertion order (raw tables have none), and the merge's staging copy is emptied after each load.
    # No vacuum: it would merge the small row groups of a held pipeline's tables (see ROW_GROUP_ROWS).
    dlt.config["destination.duckdb.credentials.global_config"] = {
        "memory_limit": "1GB",
        "max_vacuum_tasks": 0,
    }
    dlt.config["destination.duckdb.credentials.local_config"] = {"preserve_insertion_order": False}
    dlt.config["load.truncate_staging_dataset"] = True
    # Load files are written once and read once, by DuckDB, moments later: uncompressed they cost less
    # to write and to read than snappy's (100,000 games: 0.3 s + 1.7 s instead of 0.9 s + 2.2 s), and
    # a load package is deleted once loaded (the warehouse holds its rows; nothing reads it again).
    dlt.config["data_writer.compression"] = "none"
    dlt.config["load.delete_completed_jobs"] = True
    pipeline = dlt.pipeline(
        pipeline_name=f"lifemetrics_{pipeline_name or source_name}",
        destination=QuotedPathDuckDb(credentials or str(settings.warehouse_path)),
        dataset_name=f"raw_{source_name}",
        pipelines_dir=str(settings.home / "dlt"),
    )
    if pipeline.has_pending_data:
        # A killed run left packages (with their state) extracted or half loaded: finish them now, since
        # dlt's `run` would otherwise load only them and silently skip the data it is given. One may be
        # a merge: on a held connection it gets a merge's memory.
        if credentials is not None:
            set_memory_limit(pipeline, MERGE_MEMORY_LIMIT)
        pipeline.run()
    return pipeline


def run_source(pipeline: Pipeline, source: Any) -> None:
    """Extract `source`, then normalize and load it, as `pipeline.run` would after its sync; but a
    source that gave no rows and changed no state (a run that found nothing new) leaves an empty
    package, which is dropped rather than normalized and loaded (0.3 s of a 1.7 s daily run).

    Raises PipelineStepFailed, as `run` does. The caller syncs the state from the warehouse first.
    """
    pipeline.extract(source)
    extracted = pipeline.list_extracted_load_packages()
    if not any(pipeline.get_load_package_info(load_id).jobs["new_jobs"] for load_id in extracted):
        pipeline.drop_pending_packages()
        return
    pipeline.normalize()
    pipeline.load()


@contextmanager
def held_raw_pipeline(settings: Settings, source_name: str) -> Iterator[Pipeline]:
    """`raw_pipeline` on one warehouse connection held for a run of many loads, closed on exit.

    The warehouse is attached with small row groups (`ROW_GROUP_ROWS`), which keeps a big load's memory
    bounded; holding the connection spares each load opening, configuring and checkpointing the file.
    Raises duckdb.Error when the warehouse cannot be opened (e.g. another process holds it).
    """
    private_home(settings.home)
    connection = duckdb.connect()
    try:
        path = string_literal(settings.warehouse_path)
        catalog = identifier(settings.warehouse_path.stem)
        connection.execute(f"ATTACH {path} AS {catalog} (ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
        # dlt works on cursors of this connection, each a new session: `schema` (set before dlt's own
        # `search_path`) makes the warehouse their default catalog, as USE would for this session only.
        credentials = DuckDbCredentials(
            connection,
            global_config=dict(HELD_CONFIG),  # this pipeline's own: set_memory_limit changes it
            local_config={"schema": f"{catalog}.main", "preserve_insertion_order": False},
        )
        yield raw_pipeline(settings, source_name, credentials)
    finally:
        connection.close()
