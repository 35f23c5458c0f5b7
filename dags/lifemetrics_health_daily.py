"""lifemetrics_health_daily: Oura ring data, every day. ingest_oura -> build_in_audit -> publish -> dashboard.

Each task calls one lifemetrics library function (the same ones `lifemetrics run` calls); publish runs only
after the audit passed. Settings: see lifemetrics.orchestration.airflow_dags (LIFEMETRICS_*, Variable, Connection).
"""

from __future__ import annotations

from airflow.sdk import dag

from lifemetrics.orchestration.airflow_dags import DAG_ARGS, ingest_audit_publish


@dag(dag_id="lifemetrics_health_daily", schedule="@daily", doc_md=__doc__, **DAG_ARGS)
def lifemetrics_health_daily() -> None:
    """Oura: ingest the look-back window and new days, audit, publish, dashboard."""
    ingest_audit_publish("oura")


lifemetrics_health_daily()
