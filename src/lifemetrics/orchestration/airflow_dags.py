"""Wiring shared by the Airflow DAGs in dags/: settings, task defaults, and the ingest -> audit -> publish graph.

Only the DAG files import this module, inside an Airflow environment (`make airflow-env`); Airflow is not a
dependency of the core install. The task bodies are in `lifemetrics.orchestration.dag_tasks`.

Settings come from the worker's `LIFEMETRICS_*` environment (or its lifemetrics.toml), overridden by the
Airflow Variable `lifemetrics_settings` (a JSON object of setting names, e.g. {"home": "/data/lifemetrics",
"chess_usernames": ["hikaru"], "chess_monthly_daily": true}) and by the Connection `lifemetrics_oura`, whose
password is the Oura token. No secret is ever written in a DAG file.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

from airflow.sdk import Connection, Variable, task
from airflow.sdk.exceptions import AirflowNotFoundException

from lifemetrics.settings import Settings, load_settings

# lifemetrics gives dlt its whole configuration; left on, dlt looks up an Airflow Variable for every key it reads
# (hundreds per run, each a round trip to Airflow's API server).
os.environ.setdefault("PROVIDERS__ENABLE_AIRFLOW_SECRETS", "false")

SETTINGS_VARIABLE = "lifemetrics_settings"
OURA_CONNECTION = "lifemetrics_oura"
START_DATE = datetime(2024, 1, 1, tzinfo=UTC)
DAG_ARGS: dict[str, Any] = {
    "start_date": START_DATE,
    "catchup": False,
    "max_active_runs": 1,
    "tags": ["lifemetrics"],
    "default_args": {"owner": "lifemetrics", "retries": 0},
}
INGEST_RETRIES: dict[str, Any] = {
    "retries": 3,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
}


def settings_overrides() -> dict[str, Any]:
    """The non-secret settings of the Airflow Variable, if it is set."""
    return dict(Variable.get(SETTINGS_VARIABLE, default={}, deserialize_json=True))


def dag_settings_for_schedule() -> Settings:
    """Settings read while Airflow parses a DAG file: environment and Variable, no Connection (no secret)."""
    return load_settings(**settings_overrides())


def dag_settings() -> Settings:
    """Settings for a task: LIFEMETRICS_* environment, the Variable over it, the Oura token from the Connection."""
    overrides = settings_overrides()
    try:
        token = Connection.get(OURA_CONNECTION).password
    except AirflowNotFoundException:
        token = None
    if token:
        overrides["oura_token"] = token
    return load_settings(**overrides)


@task(**INGEST_RETRIES)
def ingest(source: str) -> dict[str, Any]:
    """Write: load one source into its raw tables (retried with backoff: APIs fail transiently)."""
    from lifemetrics.orchestration import dag_tasks

    return dag_tasks.ingest(dag_settings(), source)


@task
def analyse_chess() -> dict[str, Any]:
    """Analyse pending chess games with the engine for `analysis_run_seconds` (skipped when 0 or no engine)."""
    from lifemetrics.orchestration import dag_tasks

    return dag_tasks.analyse_chess(dag_settings())


@task.short_circuit
def anything_new() -> dict[str, Any] | None:
    """Go on only when something changed since the last complete run: the build's inputs, or None to skip."""
    from lifemetrics.orchestration import dag_tasks

    return dag_tasks.inputs_to_build(dag_settings())


@task
def build_in_audit() -> dict[str, int]:
    """Audit: build every model into the `audit` schema and run every test; fails when any test fails."""
    from lifemetrics.orchestration import dag_tasks

    return dag_tasks.build_in_audit(dag_settings())


@task
def publish() -> str:
    """Publish: replace analytics.duckdb with the audited build; runs only after a passed audit."""
    from lifemetrics.orchestration import dag_tasks

    return dag_tasks.publish(dag_settings())


@task
def dashboard(published_at: str, build: dict[str, Any]) -> str:
    """Rebuild the static dashboard from what was published, then record the run as complete."""
    from lifemetrics.orchestration import dag_tasks

    return dag_tasks.dashboard(dag_settings(), build, published_at)


def ingest_audit_publish(source: str) -> None:
    """The graph every lifemetrics DAG draws: ingest -> anything_new -> build_in_audit -> publish -> dashboard,
    with analyse_chess after the chess ingestion.

    `anything_new` skips the rest when nothing changed since the last complete run.
    """
    build = anything_new()
    published_at = publish()
    loaded = ingest.override(task_id=f"ingest_{source}")(source)
    if source == "chess":
        loaded = loaded >> analyse_chess()
    loaded >> build >> build_in_audit() >> published_at
    dashboard(published_at, build)


@task(**INGEST_RETRIES)
def store_chess_months() -> dict[str, Any]:
    """Write: chess.com's new or changed months, as returned, into the object store (serial requests)."""
    from lifemetrics.orchestration import dag_tasks

    return dag_tasks.store_chess_months(dag_settings())


@task.bash
def spark_chess_job() -> str:
    """The Spark chess job as the seed's Glue jobs ran: a plain spark-submit (the command is made on the
    worker, with its settings and jars); it merges the stored months into raw_chess_com.games."""
    import shlex

    from lifemetrics.lakehouse.chess_job import spark_submit_command

    settings = dag_settings()
    return shlex.join(["env", f"LIFEMETRICS_HOME={settings.home}", *spark_submit_command(settings)])
