"""The daily run (`lifemetrics run`) and the steps Airflow DAGs call."""
