"""How LIFEMETRICS_ENGINE=spark reaches the lakehouse, without starting Spark: the JDBC catalog's URL and
credentials from the catalog URI, the Iceberg catalog's Spark settings (S3 keys only when given), and the
local services Spark needs (no Trino)."""

from __future__ import annotations

import pytest

from lifemetrics.lakehouse.connection import LakehouseConnection
from lifemetrics.lakehouse.errors import LakehouseError
from lifemetrics.lakehouse.local import SERVICES, STORAGE_SERVICES, services_for
from lifemetrics.lakehouse.spark_session import catalog_conf, jdbc_catalog


def connection(**changes: object) -> LakehouseConnection:
    values: dict[str, object] = {
        "trino_url": "http://127.0.0.1:1",
        "trino_user": "lifemetrics",
        "s3_endpoint": "http://127.0.0.1:2",
        "s3_region": "eu-west-1",
        "s3_access_key_id": "key",
        "s3_secret_access_key": "secret",
        "catalog": "lake",
        "catalog_uri": "postgresql://me:p%40ss@db.example:5433/iceberg?sslmode=require",
        "warehouse": "s3://bucket/warehouse",
    }
    return LakehouseConnection(**{**values, **changes})  # type: ignore[arg-type]


def test_the_catalog_uri_becomes_a_jdbc_url_with_its_user_and_password_apart() -> None:
    assert jdbc_catalog("postgresql://me:p%40ss@db.example:5433/iceberg?sslmode=require") == {
        "uri": "jdbc:postgresql://db.example:5433/iceberg?sslmode=require",
        "jdbc.user": "me",
        "jdbc.password": "p@ss",
    }


@pytest.mark.parametrize("uri", ["mysql://me@db/iceberg", "postgresql:///iceberg", "not a uri"])
def test_a_catalog_uri_spark_cannot_use_is_refused_without_echoing_it(uri: str) -> None:
    with pytest.raises(LakehouseError, match="must be postgresql://") as refused:
        jdbc_catalog(uri)
    assert uri not in str(refused.value)


def test_the_iceberg_catalog_settings_name_the_catalog_store_and_keys() -> None:
    conf = catalog_conf(connection())
    assert conf["spark.sql.catalog.lake"] == "org.apache.iceberg.spark.SparkCatalog"
    assert conf["spark.sql.catalog.lake.type"] == "jdbc"
    assert (
        conf["spark.sql.catalog.lake.uri"]
        == "jdbc:postgresql://db.example:5433/iceberg?sslmode=require"
    )
    assert conf["spark.sql.catalog.lake.s3.endpoint"] == "http://127.0.0.1:2"
    assert conf["spark.sql.catalog.lake.client.region"] == "eu-west-1"
    assert conf["spark.sql.catalog.lake.s3.secret-access-key"] == "secret"


def test_without_keys_or_endpoint_s3fileio_uses_aws_s3_and_its_own_credentials() -> None:
    conf = catalog_conf(
        connection(s3_endpoint=None, s3_access_key_id=None, s3_secret_access_key=None)
    )
    assert not [name for name in conf if ".s3.endpoint" in name or "access-key" in name]


def test_spark_needs_the_store_and_the_catalog_but_no_trino() -> None:
    assert services_for("spark") == STORAGE_SERVICES
    assert "trino" not in STORAGE_SERVICES
    assert services_for("trino") == SERVICES
