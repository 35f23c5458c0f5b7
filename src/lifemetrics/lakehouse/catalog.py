"""The Iceberg catalog as pyiceberg sees it: the JDBC catalog's PostgreSQL tables (SqlCatalog), the
same catalog name as Trino's, files on the S3 store."""

from __future__ import annotations

from typing import Any

from lifemetrics.lakehouse.connection import LakehouseConnection


def s3_properties(connection: LakehouseConnection) -> dict[str, str]:
    """The object store's Iceberg FileIO properties, named alike by pyiceberg and Iceberg's S3FileIO:
    path-style access, the endpoint when not AWS's, the keys only when given (else the usual AWS
    credentials chain)."""
    properties = {"s3.path-style-access": "true"}
    if connection.s3_endpoint:
        properties["s3.endpoint"] = connection.s3_endpoint
    if connection.s3_access_key_id and connection.s3_secret_access_key:
        properties["s3.access-key-id"] = connection.s3_access_key_id
        properties["s3.secret-access-key"] = connection.s3_secret_access_key
    return properties


def iceberg_catalog(connection: LakehouseConnection) -> Any:
    """pyiceberg's SqlCatalog on the lakehouse's catalog database and object store."""
    from pyiceberg.catalog.sql import SqlCatalog

    uri = connection.catalog_uri.replace("postgresql://", "postgresql+psycopg://", 1)
    return SqlCatalog(
        connection.catalog,
        uri=uri,
        warehouse=connection.warehouse,
        **{"s3.region": connection.s3_region},
        **s3_properties(connection),
    )
