"""The Spark session of LIFEMETRICS_ENGINE=spark: the lakehouse's Iceberg JDBC catalog as Spark's default
catalog (dbt-spark names relations with two parts), files through Iceberg's S3FileIO, the jars `make
lakehouse` fetched, UTC as the session's time zone and double-quoted identifiers (the SQL the project
writes quotes names as DuckDB and Trino do). dbt-spark's `session` method and the Spark chess job reuse
the one session a process starts."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lifemetrics.lakehouse.catalog import s3_properties
from lifemetrics.lakehouse.connection import LakehouseConnection, lakehouse_connection
from lifemetrics.lakehouse.errors import LakehouseError
from lifemetrics.lakehouse.tools import tools_dir
from lifemetrics.settings import Settings

LOG_CONFIG = Path(__file__).with_name("spark_log4j2.properties")
# pyspark logs every failing statement's error with its Java stack before raising it: the error itself
# reaches the user (as dbt's or lifemetrics' one line), the log would print it again as a page of JSON.
QUERY_ERROR_LOGGERS = ("SQLQueryContextLogger", "DataFrameQueryContextLogger")
SHUFFLE_PARTITIONS = (
    4  # a person's or a club's tables are small: Spark's 200 would be 200 tiny tasks
)


def spark_jars() -> list[Path]:
    """Iceberg's Spark runtime, its AWS bundle and PostgreSQL's JDBC driver (`make lakehouse`)."""
    folder = tools_dir() / "spark-jars"
    jars = sorted(folder.glob("*.jar"))
    if not jars:
        raise LakehouseError(f"no Spark jars in {folder}: run `make lakehouse`")
    return jars


def jdbc_catalog(uri: str) -> dict[str, str]:
    """The JDBC catalog's URL, user and password from a postgresql://user:password@host:port/db URI."""
    parts = urlsplit(uri)
    if parts.scheme not in ("postgresql", "postgres") or not parts.hostname:
        raise LakehouseError(
            "the lakehouse's catalog URI must be postgresql://user:password@host/db"
        )
    port = f":{parts.port}" if parts.port else ""
    query = f"?{parts.query}" if parts.query else ""
    return {
        "uri": f"jdbc:postgresql://{parts.hostname}{port}{parts.path}{query}",
        "jdbc.user": unquote(parts.username or ""),
        "jdbc.password": unquote(parts.password or ""),
    }


def catalog_conf(connection: LakehouseConnection) -> dict[str, str]:
    """Spark's settings for the Iceberg catalog `connection.catalog` (secrets included: never print)."""
    prefix = f"spark.sql.catalog.{connection.catalog}"
    properties = {
        "": "org.apache.iceberg.spark.SparkCatalog",
        ".type": "jdbc",
        ".jdbc.schema-version": "V1",  # the catalog's tables with views (dbt's staging models)
        ".warehouse": connection.warehouse,
        ".io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
        ".client.region": connection.s3_region,
        **{f".{name}": value for name, value in jdbc_catalog(connection.catalog_uri).items()},
        **{f".{name}": value for name, value in s3_properties(connection).items()},
    }
    return {f"{prefix}{name}": value for name, value in properties.items()}


def session_conf(settings: Settings) -> dict[str, str]:
    """Every setting the session starts with."""
    connection = lakehouse_connection(settings)
    local = settings.spark_master.startswith("local")
    java_options = f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}"
    return {
        "spark.master": settings.spark_master,
        "spark.app.name": "lifemetrics",
        "spark.driver.memory": settings.spark_driver_memory,
        "spark.driver.extraJavaOptions": java_options,
        "spark.executor.extraJavaOptions": java_options,
        "spark.jars": ",".join(str(jar) for jar in spark_jars()),
        "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        "spark.sql.defaultCatalog": connection.catalog,
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.ansi.enabled": "false",  # as dbt-spark sets it for each of its statements
        "spark.sql.shuffle.partitions": str(SHUFFLE_PARTITIONS),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        **(
            {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"}
            if local
            else {}
        ),
        **catalog_conf(connection),
    }


NOT_INSTALLED = (
    "LIFEMETRICS_ENGINE=spark needs the lakehouse environment: run `make lakehouse`, then use "
    ".venv-lakehouse/bin/lifemetrics"
)


def spark_errors() -> tuple[type[Exception], ...]:
    """What a failing Spark statement or job raises; LakehouseError when pyspark is not installed."""
    try:
        from py4j.protocol import Py4JJavaError
        from pyspark.errors import PySparkException
    except ImportError:
        raise LakehouseError(NOT_INSTALLED) from None
    return (PySparkException, Py4JJavaError)


def spark_session(settings: Settings) -> Any:
    """The process's Spark session on the lakehouse, started on first use; LakehouseError when pyspark
    is not installed."""
    try:
        from pyspark.logger import PySparkLogger
        from pyspark.sql import SparkSession
    except ImportError:
        raise LakehouseError(NOT_INSTALLED) from None
    for name in QUERY_ERROR_LOGGERS:
        PySparkLogger.getLogger(name).setLevel(logging.CRITICAL)
    conf = session_conf(settings)
    active = SparkSession.getActiveSession()
    if active is None:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = SparkSession.builder
        for name, value in conf.items():
            builder = builder.config(name, value)
        active = builder.getOrCreate()
    catalog_uri = f"spark.sql.catalog.{lakehouse_connection(settings).catalog}.uri"
    if active.conf.get(catalog_uri, None) != conf[catalog_uri]:
        raise LakehouseError("this process's Spark session is on another lakehouse's catalog")
    return active
