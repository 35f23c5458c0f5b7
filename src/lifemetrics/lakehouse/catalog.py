"""The Iceberg catalog as pyiceberg sees it: the JDBC catalog's PostgreSQL tables (SqlCatalog), the
same catalog name as Trino's, files on the S3 store."""

from __future__ import annotations

from typing import Any

from lifemetrics.lakehouse.connection import LakehouseConnection


def iceberg_catalog(connection: LakehouseConnection) -> Any:
    """pyiceberg's SqlCatalog on the lakehouse's catalog database and object store."""
    from pyiceberg.catalog.sql import SqlCatalog

    uri = connection.catalog_uri.replace("postgresql://", "postgresql+psycopg://", 1)
    properties = {
        "uri": uri,
        "warehouse": connection.warehouse,
        "s3.region": connection.s3_region,
        "s3.path-style-access": "true",
    }
    if connection.s3_endpoint:
        properties["s3.endpoint"] = connection.s3_endpoint
    if connection.s3_access_key_id and connection.s3_secret_access_key:
        properties["s3.access-key-id"] = connection.s3_access_key_id
        properties["s3.secret-access-key"] = connection.s3_secret_access_key
    return SqlCatalog(connection.catalog, **properties)
