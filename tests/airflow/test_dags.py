"""The Airflow DAGs: they load without import errors, draw ingest -> audit -> publish, and each one runs with
`dag.test()` against the local API stand-ins and ends with published data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import duckdb
import pytest
from run_support import Standins, running_standins

pytestmark = [
    pytest.mark.airflow,
    # airflow.sdk, not airflow: this very folder, tests/airflow, is importable as a namespace package `airflow`
    pytest.mark.skipif(find_spec("airflow.sdk") is None, reason="needs the Airflow environment: make airflow-env"),
]

DAGS_FOLDER = Path(__file__).resolve().parents[2] / "dags"  # the repository's, as a user points Airflow at it
GRAPH = {
    "lifemetrics_health_daily": ("ingest_oura", "@daily"),
    "lifemetrics_chess_monthly": ("ingest_chess", "@monthly"),
}


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised Airflow home (`airflow db migrate`: SQLite) pointed at the repository's dags/, set in this
    process's environment; Airflow reads its configuration when first imported, so nothing imports it before."""
    home = tmp_path_factory.mktemp("airflow")
    os.environ.update(
        AIRFLOW_HOME=str(home), AIRFLOW__CORE__DAGS_FOLDER=str(DAGS_FOLDER), AIRFLOW__CORE__LOAD_EXAMPLES="False"
    )
    airflow = Path(sys.executable).parent / "airflow"
    subprocess.run([str(airflow), "db", "migrate"], check=True, capture_output=True, env=os.environ)
    return home


def load_dags() -> dict[str, Any]:
    """Parse dags/ as Airflow's DAG processor does; no import error allowed."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS_FOLDER))
    assert bag.import_errors == {}
    return bag.dags


def test_dag_files_load_and_draw_ingest_audit_publish(airflow_home: Path) -> None:
    dags = load_dags()
    assert set(dags) == set(GRAPH)
    for dag_id, (ingest_id, schedule) in GRAPH.items():
        dag = dags[dag_id]
        assert (dag.schedule, dag.max_active_runs, dag.catchup) == (schedule, 1, False)
        upstream = {task.task_id: task.upstream_task_ids for task in dag.tasks}
        assert upstream == {
            ingest_id: set(), "build_in_audit": {ingest_id}, "publish": {"build_in_audit"},
            "dashboard": {"publish"},
        }
        ingest = dag.get_task(ingest_id)
        assert ingest.retries >= 2 and ingest.retry_exponential_backoff
        assert dag.get_task("publish").trigger_rule == "all_success"


def test_a_setting_makes_the_chess_dag_daily(airflow_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW_VAR_LIFEMETRICS_SETTINGS", json.dumps({"chess_monthly_daily": True}))
    assert load_dags()["lifemetrics_chess_monthly"].schedule == "@daily"


@pytest.fixture(scope="module")
def standins() -> Iterator[Standins]:
    with running_standins() as running:
        yield running


def configure_through_airflow(standins: Standins, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the DAGs at the stand-ins the way a deployment would: LIFEMETRICS_* for the APIs, the home in the
    `lifemetrics_settings` Variable, the Oura token only in the `lifemetrics_oura` Connection."""
    token = standins.env.pop("LIFEMETRICS_OURA_TOKEN")
    for name, value in standins.env.items():
        monkeypatch.setenv(name, value)
    standins.env["LIFEMETRICS_OURA_TOKEN"] = token
    monkeypatch.setenv("AIRFLOW_VAR_LIFEMETRICS_SETTINGS", json.dumps({"home": str(home)}))
    monkeypatch.setenv("AIRFLOW_CONN_LIFEMETRICS_OURA", json.dumps({"conn_type": "generic", "password": token}))


def published_count(home: Path, table: str) -> int:
    with duckdb.connect(str(home / "analytics.duckdb"), read_only=True) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize(("dag_id", "table"), [
    ("lifemetrics_health_daily", "daily_health"),
    ("lifemetrics_chess_monthly", "fct_chess_games"),
])
def test_dag_runs_against_the_standins_and_publishes(
    dag_id: str, table: str, airflow_home: Path, standins: Standins, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "dag-home"
    configure_through_airflow(standins, home, monkeypatch)
    run = load_dags()[dag_id].test()
    assert str(run.state) == "success"
    assert {ti.task_id: str(ti.state) for ti in run.get_task_instances()} == dict.fromkeys(
        [GRAPH[dag_id][0], "build_in_audit", "publish", "dashboard"], "success"
    )
    assert published_count(home, table) > 0
    assert published_count(home, "publish_info") == 1
    assert (home / "dashboard" / "index.html").is_file()
