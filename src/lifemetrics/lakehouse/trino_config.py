"""The local Trino's configuration: a single-node coordinator on 127.0.0.1 with one Iceberg catalog
(the JDBC catalog in PostgreSQL, tables on the S3 store)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

CATALOG_NAME = "lake"
HEAP = "2G"
QUERY_MEMORY = "1GB"


def write_trino_config(root: Path, port: int, connection: dict[str, str]) -> Path:
    """Write etc/ (node, JVM, server and catalog properties) under `root`; the etc directory."""
    etc = root / "etc"
    (etc / "catalog").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    _write(
        etc / "node.properties",
        {
            "node.environment": "lifemetrics",
            "node.id": "lifemetrics-local",
            "node.data-dir": str(root / "data"),
            "node.bind-ip": "127.0.0.1",
            "node.internal-address": "127.0.0.1",
        },
    )
    (etc / "jvm.config").write_text(
        "\n".join(
            [
                "-server",
                f"-Xmx{HEAP}",
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djdk.attach.allowAttachSelf=true",
            ]
        )
        + "\n"
    )
    _write(
        etc / "config.properties",
        {
            "coordinator": "true",
            "node-scheduler.include-coordinator": "true",
            "http-server.http.port": str(port),
            "discovery.uri": f"http://127.0.0.1:{port}",
            "query.max-memory": QUERY_MEMORY,
            "query.max-memory-per-node": QUERY_MEMORY,
            "task.concurrency": "2",
        },
    )
    _write(etc / "catalog" / f"{CATALOG_NAME}.properties", iceberg_catalog(connection))
    return etc


def iceberg_catalog(connection: dict[str, str]) -> dict[str, str]:
    """The Iceberg connector's properties for the JDBC catalog and S3 store of `connection`."""
    catalog = urlsplit(connection["catalog_uri"])
    return {
        "connector.name": "iceberg",
        "iceberg.catalog.type": "jdbc",
        "iceberg.jdbc-catalog.catalog-name": CATALOG_NAME,
        "iceberg.jdbc-catalog.driver-class": "org.postgresql.Driver",
        "iceberg.jdbc-catalog.connection-url": (
            f"jdbc:postgresql://{catalog.hostname}:{catalog.port}{catalog.path}"
        ),
        "iceberg.jdbc-catalog.connection-user": catalog.username or "",
        "iceberg.jdbc-catalog.connection-password": catalog.password or "",
        "iceberg.jdbc-catalog.default-warehouse-dir": connection["warehouse"],
        "iceberg.jdbc-catalog.schema-version": "V1",
        "iceberg.file-format": "PARQUET",
        "fs.native-s3.enabled": "true",
        "s3.endpoint": connection["s3_endpoint"],
        "s3.region": "us-east-1",
        "s3.path-style-access": "true",
        "s3.aws-access-key": connection["s3_access_key_id"],
        "s3.aws-secret-key": connection["s3_secret_access_key"],
    }


def _write(path: Path, properties: dict[str, str]) -> None:
    path.write_text("".join(f"{key}={value}\n" for key, value in properties.items()))
