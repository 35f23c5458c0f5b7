"""The Airflow DAGs: they load without import errors, draw ingest -> audit -> publish, and each one runs with
`dag.test()` against the local API stand-ins and ends with published data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb
import pytest
from run_support import Standins, running_standins

DAGS_FOLDER = (
    Path(__file__).resolve().parents[2] / "dags"
)  # the repository's, as a user points Airflow at it


def airflow_installed() -> bool:
    """Whether this environment has Airflow, asked without importing it (the import reads its configuration)."""
    try:
        metadata.version("apache-airflow")
    except metadata.PackageNotFoundError:
        return False
    return True


pytestmark = [
    pytest.mark.airflow,
    pytest.mark.skipif(
        not airflow_installed(), reason="needs the Airflow environment: make airflow-env"
    ),
]

# Airflow reads its configuration once, when first imported: point it at a home of this test run before that,
# never at the user's ~/airflow.
AIRFLOW_HOME = (
    Path(tempfile.mkdtemp(prefix="lifemetrics-airflow-")) if airflow_installed() else Path()
)
if airflow_installed():
    os.environ.update(
        AIRFLOW_HOME=str(AIRFLOW_HOME),
        AIRFLOW__CORE__DAGS_FOLDER=str(DAGS_FOLDER),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
    )

GRAPH = {
    "lifemetrics_health_daily": ("ingest_oura", "@daily"),
    "lifemetrics_chess_monthly": ("ingest_chess", "@monthly"),
}
SPARK_DAG = "lifemetrics_chess_spark"  # the Spark chess job's DAG: no build of its own
# Tasks between the ingestion and anything_new (the tests turn the analysis off: analysis_run_seconds 0)
LOADED = {"lifemetrics_health_daily": (), "lifemetrics_chess_monthly": ("analyse_chess",)}


@pytest.fixture(scope="module")
def airflow_home() -> Iterator[Path]:
    """The run's Airflow home initialised (`airflow db migrate`: SQLite), removed at the end."""
    airflow = Path(sys.executable).parent / "airflow"
    subprocess.run([str(airflow), "db", "migrate"], check=True, capture_output=True, env=os.environ)
    yield AIRFLOW_HOME
    shutil.rmtree(AIRFLOW_HOME, ignore_errors=True)


def load_dags() -> dict[str, Any]:
    """Parse dags/ as Airflow's DAG processor does; no import error allowed."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS_FOLDER))
    assert bag.import_errors == {}
    return bag.dags


def test_dag_files_load_and_draw_ingest_audit_publish(airflow_home: Path) -> None:
    dags = load_dags()
    assert set(dags) == {*GRAPH, SPARK_DAG}
    for dag_id, (ingest_id, schedule) in GRAPH.items():
        dag = dags[dag_id]
        assert (dag.schedule, dag.max_active_runs, dag.catchup) == (schedule, 1, False)
        upstream = {task.task_id: task.upstream_task_ids for task in dag.tasks}
        chain = [ingest_id, *LOADED[dag_id]]
        assert upstream == {
            **{task: {before} for before, task in zip(chain, chain[1:])},
            ingest_id: set(),
            "anything_new": {chain[-1]},
            "build_in_audit": {"anything_new"},
            "publish": {"build_in_audit"},
            "dashboard": {"publish", "anything_new"},
        }
        ingest = dag.get_task(ingest_id)
        assert ingest.retries >= 2 and ingest.retry_exponential_backoff
        assert dag.get_task("publish").trigger_rule == "all_success"


def test_the_spark_chess_dag_stores_the_months_then_submits_the_job(airflow_home: Path) -> None:
    dag = load_dags()[SPARK_DAG]
    upstream = {task.task_id: task.upstream_task_ids for task in dag.tasks}
    assert upstream == {"store_chess_months": set(), "spark_chess_job": {"store_chess_months"}}
    assert dag.get_task("store_chess_months").retries >= 2
    assert dag.get_task("spark_chess_job").task_type == "_BashDecoratedOperator"


def test_a_setting_makes_the_chess_dag_daily(
    airflow_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "AIRFLOW_VAR_LIFEMETRICS_SETTINGS", json.dumps({"chess_monthly_daily": True})
    )
    assert load_dags()["lifemetrics_chess_monthly"].schedule == "@daily"


@pytest.fixture(scope="module")
def standins() -> Iterator[Standins]:
    with running_standins() as running:
        yield running


def configure_through_airflow(
    standins: Standins, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the DAGs at the stand-ins the way a deployment would: LIFEMETRICS_* for the APIs, the home in the
    `lifemetrics_settings` Variable, the Oura token only in the `lifemetrics_oura` Connection."""
    token = standins.env.pop("LIFEMETRICS_OURA_TOKEN")
    for name, value in standins.env.items():
        monkeypatch.setenv(name, value)
    standins.env["LIFEMETRICS_OURA_TOKEN"] = token
    monkeypatch.setenv("AIRFLOW_VAR_LIFEMETRICS_SETTINGS", json.dumps({"home": str(home)}))
    monkeypatch.setenv(
        "AIRFLOW_CONN_LIFEMETRICS_OURA", json.dumps({"conn_type": "generic", "password": token})
    )


def published_count(home: Path, table: str) -> int:
    with duckdb.connect(str(home / "analytics.duckdb"), read_only=True) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize(
    ("dag_id", "table"),
    [
        ("lifemetrics_health_daily", "daily_health"),
        ("lifemetrics_chess_monthly", "fct_chess_games"),
    ],
)
def test_dag_runs_against_the_standins_and_publishes(
    dag_id: str,
    table: str,
    airflow_home: Path,
    standins: Standins,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "dag-home"
    configure_through_airflow(standins, home, monkeypatch)
    run = load_dags()[dag_id].test()
    assert str(run.state) == "success"
    assert task_states(run) == dict.fromkeys(
        [
            GRAPH[dag_id][0],
            *LOADED[dag_id],
            "anything_new",
            "build_in_audit",
            "publish",
            "dashboard",
        ],
        "success",
    )
    assert published_count(home, table) > 0
    assert published_count(home, "publish_info") == 1
    assert (home / "dashboard" / "index.html").is_file()

    again = load_dags()[
        dag_id
    ].test()  # nothing new since: build, publish and dashboard are skipped
    assert str(again.state) == "success"
    assert task_states(again) == {
        **dict.fromkeys([GRAPH[dag_id][0], *LOADED[dag_id], "anything_new"], "success"),
        **dict.fromkeys(["build_in_audit", "publish", "dashboard"], "skipped"),
    }


def task_states(run: Any) -> dict[str, str]:
    return {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
