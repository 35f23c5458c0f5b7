"""Run the `lifemetrics` CLI in this process, frozen at one named point inside a stage, so a test can SIGKILL it
exactly there: `python tests/kill_points.py <point> <command> [options]`.

At the point it prints `FROZEN <point>` on stderr and sleeps until killed. Only the kill tests use this; the
product has no test hook. Each point wraps a real function of the pipeline and freezes after it ran:
- oura-download: inside the Oura ingestion, after the first heart-rate response arrived (dlt extract);
- chess-load / oura-load: inside dlt's load step, after the job loading `games` / `heartrate` finished (the
  package's other jobs and its state not yet);
- build: inside `dbt build`, after the first model finished in schema `audit`;
- publish: inside the publish, after the new analytics file was written, before it is renamed into place;
- lakehouse-publish: inside an Iceberg publish (Trino's or Spark's), after the first analytics table was
  replaced, before the manifest row that makes the publish visible.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Any

LOADED_TABLE = {"chess-load": "games", "oura-load": "heartrate"}


def freeze(point: str) -> None:
    """Say where, then sleep until the test kills this process."""
    print(f"FROZEN {point}", file=sys.stderr, flush=True)
    while True:
        time.sleep(60)


def freeze_after(
    owner: Any, name: str, point: str, when: Callable[..., bool] = lambda *a, **k: True
) -> None:
    """Replace `owner.name` by a wrapper that calls it, then freezes the first time `when(*args)` holds."""
    original = getattr(owner, name)
    lock = threading.Lock()

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        with lock:
            if when(*args, **kwargs):
                freeze(point)
        return result

    setattr(owner, name, wrapper)


def install(point: str) -> None:
    """Install the freeze of `point`."""
    if point == "oura-download":
        import requests

        freeze_after(
            requests.Session,
            "send",
            point,
            lambda session, request, **_: "/heartrate" in request.url,
        )
    elif point in LOADED_TABLE:
        from dlt.common.destination.client import RunnableLoadJob

        freeze_after(
            RunnableLoadJob,
            "run_managed",
            point,
            lambda job, *a, **k: job.job_file_info().table_name == LOADED_TABLE[point],
        )
    elif point == "build":
        from lifemetrics.warehouse.dbt_runner import DbtProject

        freeze_after(
            DbtProject,
            "_dispatch",
            point,
            lambda project, event: (
                event.info.name == "NodeFinished" and event.data.node_info.resource_type == "model"
            ),
        )
    elif point == "publish":
        from lifemetrics.warehouse import publish

        freeze_after(publish, "fsync_file", point, lambda path: publish.TMP_PREFIX in str(path))
    elif point == "lakehouse-publish":
        from lifemetrics.lakehouse import publish as trino_publish
        from lifemetrics.lakehouse import spark_publish

        freeze_after(trino_publish, "replace_table", point)
        freeze_after(spark_publish, "replace_table", point)
    elif point == "dashboard":
        from lifemetrics.orchestration import steps

        freeze_after(steps, "rebuild_dashboard", point)
    else:
        raise SystemExit(f"unknown kill point {point!r}")


if __name__ == "__main__":
    install(sys.argv[1])
    sys.argv = ["lifemetrics", *sys.argv[2:]]
    from lifemetrics.cli.main import main

    main()
