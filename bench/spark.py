"""The Spark path's phases: `lifemetrics lakehouse chess-job` as a user runs it, on the served games.

A fresh home gets its own local lakehouse with the storage services only (SeaweedFS, PostgreSQL: Spark
runs in lifemetrics' own process tree, local[2] by default, its executors threads of the driver's JVM).
The first phase stores every month serially in the object store, then runs the Spark job; the second
runs the job alone (`--no-download`) on the stored months into an empty table: a catalog of another
name in the same database, with its own warehouse folder, so it parses and merges every game again.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.commands import command_config
from lifemetrics.lakehouse.local import LocalLakehouse, services_for
from lifemetrics.lakehouse.tools import TOOLS_ENV, tools_dir

JOB_PHASE = "chess-job, spark, whole process"
JOB_ONLY_PHASE = "chess-job --no-download, spark, empty table"
FRESH_CATALOG = {
    "lakehouse_catalog": "lake_no_download",
    "lakehouse_warehouse": "s3://lake/warehouse-no-download",
}


def spark_environment_missing() -> str | None:
    """Why the Spark phases cannot run in this interpreter (None when they can)."""
    if importlib.util.find_spec("pyspark") is not None:
        return None
    return (
        "the Spark scenario needs pyspark: run `make lakehouse`, then "
        "`.venv-lakehouse/bin/python -m bench --scenario club-1m-spark`"
    )


def disk_bytes(path: Path) -> int:
    """Bytes the files under `path` (or the file `path`) take on disk: allocated blocks, as `du`
    counts them (SeaweedFS's volume files are sparse); 0 when it is missing."""
    entries = [path, *path.rglob("*")] if path.is_dir() else [path]
    return sum(entry.stat().st_blocks * 512 for entry in entries if entry.is_file())


def folder_sizes(root: Path) -> dict[str, int]:
    """Bytes on disk of each folder directly under `root` (the object store's, the catalog's)."""
    return {entry.name: disk_bytes(entry) for entry in sorted(root.iterdir()) if entry.is_dir()}


def job_config(
    config: dict[str, Any], home: Path, *options: str, **settings: str
) -> dict[str, Any]:
    """`lifemetrics lakehouse chess-job` on `home` with engine spark and the benchmark's own tools
    directory (the Spark jars)."""
    job = command_config(
        config, home, ["lakehouse", "chess-job", *options], engine="spark", **settings
    )
    job["env"][TOOLS_ENV] = str(tools_dir())
    return job


def run_spark_phases(
    config: dict[str, Any],
    home: Path,
    driver_memory: str,
    phase: Callable[[str, dict[str, Any], dict[str, int]], dict[str, Any]],
    say: Callable[[str], None],
) -> None:
    """The chess job, then the job alone on what it stored, in `home`, with its storage services up
    (`driver_memory`: Spark's driver memory setting, "" for the default)."""
    local = LocalLakehouse(home / "lakehouse")
    say(f"starting the lakehouse (storage only) under {local.root}")
    state = local.up(services=services_for("spark"))
    memory = {"spark_driver_memory": driver_memory} if driver_memory else {}
    try:
        stored = phase(JOB_PHASE, job_config(config, home, **memory), state.pids)
        stored["disk"] = folder_sizes(local.root)
        only = job_config(config, home, "--no-download", **memory, **FRESH_CATALOG)
        phase(JOB_ONLY_PHASE, only, state.pids)
    finally:
        local.down()
