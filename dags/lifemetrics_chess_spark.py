"""lifemetrics_chess_spark: the chess transform at club scale, on the lakehouse (LIFEMETRICS_ENGINE=spark).
store_chess_months (chess.com's months as the API returned them, into the object store, one request at a
time) -> spark_chess_job (spark-submit of lifemetrics/lakehouse/chess_job.py: parse in parallel, merge into
raw_chess_com.games by player and uuid). Settings as for the other DAGs (airflow_dags).
"""

from __future__ import annotations

from airflow.sdk import dag

from lifemetrics.orchestration.airflow_dags import DAG_ARGS, spark_chess_job, store_chess_months


@dag(dag_id="lifemetrics_chess_spark", schedule="@daily", doc_md=__doc__, **DAG_ARGS)
def lifemetrics_chess_spark() -> None:
    """chess.com months into the object store, then the Spark job merges them."""
    store_chess_months() >> spark_chess_job()


lifemetrics_chess_spark()
