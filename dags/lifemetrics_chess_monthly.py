"""lifemetrics_chess_monthly: chess.com games, monthly (chess.com archives games by month). ingest_chess ->
build_in_audit -> publish -> dashboard.

Setting `chess_monthly_daily` (LIFEMETRICS_CHESS_MONTHLY_DAILY=true, or in the `lifemetrics_settings` Variable)
makes it daily, which is cheap: months that did not change answer 304 Not Modified and are not downloaded.
"""

from __future__ import annotations

from airflow.sdk import dag

from lifemetrics.orchestration.airflow_dags import (
    DAG_ARGS,
    dag_settings_for_schedule,
    ingest_audit_publish,
)

SCHEDULE = "@daily" if dag_settings_for_schedule().chess_monthly_daily else "@monthly"


@dag(dag_id="lifemetrics_chess_monthly", schedule=SCHEDULE, doc_md=__doc__, **DAG_ARGS)
def lifemetrics_chess_monthly() -> None:
    """chess.com: ingest changed months, audit, publish, dashboard."""
    ingest_audit_publish("chess")


lifemetrics_chess_monthly()
