"""dlt pipelines writing raw tables into the working `warehouse.duckdb`."""

from __future__ import annotations

import os

# Personal data stays personal: no usage telemetry to dlthub unless the user asks for it in the environment.
os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")

import dlt  # noqa: E402 - after the telemetry default, which dlt reads when it starts
from dlt.pipeline.pipeline import Pipeline

from lifemetrics.settings import Settings


def raw_pipeline(settings: Settings, source_name: str) -> Pipeline:
    """The dlt pipeline of one source: dataset `raw_<source_name>`, state kept under LIFEMETRICS_HOME."""
    settings.home.mkdir(parents=True, exist_ok=True)
    # Every raw row carries `_dlt_load_id`, Arrow tables too (dlt adds it only to JSON rows by default):
    # the dbt models' incremental watermark, which catches late games and revised Oura days.
    dlt.config["normalize.parquet_normalizer.add_dlt_load_id"] = True
    # Big loads (a long chess history) stay within bounded memory: DuckDB spills instead of growing, keeps
    # no insertion order (raw tables have none), and the merge's staging copy is emptied after each load.
    dlt.config["destination.duckdb.credentials.global_config"] = {"memory_limit": "1GB"}
    dlt.config["destination.duckdb.credentials.local_config"] = {"preserve_insertion_order": False}
    dlt.config["load.truncate_staging_dataset"] = True
    pipeline = dlt.pipeline(
        pipeline_name=f"lifemetrics_{source_name}",
        destination=dlt.destinations.duckdb(str(settings.warehouse_path)),
        dataset_name=f"raw_{source_name}",
        pipelines_dir=str(settings.home / "dlt"),
    )
    if pipeline.has_pending_data:
        # A killed run left packages (with their state) extracted or half loaded: finish them now, since
        # dlt's `run` would otherwise load only them and silently skip the data it is given.
        pipeline.run()
    return pipeline
