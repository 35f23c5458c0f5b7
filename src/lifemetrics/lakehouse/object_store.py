"""The lakehouse's object store as files: pyarrow's S3 filesystem on the bucket of the Iceberg warehouse
(`s3://<bucket>/warehouse`), for what lives beside the tables (the raw chess.com month files)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from pyarrow import fs

from lifemetrics.lakehouse.connection import LakehouseConnection
from lifemetrics.lakehouse.errors import LakehouseError


@dataclass(frozen=True)
class ObjectStore:
    """How to open the store: picklable, so Spark's tasks open it too (keys included: never print)."""

    bucket: str
    endpoint: str | None
    region: str
    access_key_id: str | None
    secret_access_key: str | None

    def filesystem(self) -> fs.S3FileSystem:
        """pyarrow's S3 filesystem on the store (the AWS default credentials when no keys are set)."""
        options: dict[str, object] = {"region": self.region}
        if self.endpoint:
            endpoint = urlsplit(self.endpoint)
            options.update(
                endpoint_override=endpoint.netloc or endpoint.path,
                scheme=endpoint.scheme or "https",
            )
        if self.access_key_id and self.secret_access_key:
            options.update(access_key=self.access_key_id, secret_key=self.secret_access_key)
        return fs.S3FileSystem(**options)

    def path(self, key: str) -> str:
        """`key` in the bucket as pyarrow names it (`<bucket>/<key>`)."""
        return f"{self.bucket}/{key}"


def object_store(connection: LakehouseConnection) -> ObjectStore:
    """The store holding the lakehouse's warehouse; LakehouseError unless the warehouse is an s3:// URI."""
    warehouse = urlsplit(connection.warehouse)
    if warehouse.scheme not in ("s3", "s3a") or not warehouse.netloc:
        raise LakehouseError(
            f"the lakehouse warehouse must be s3://bucket/...: {connection.warehouse!r} is not"
        )
    return ObjectStore(
        bucket=warehouse.netloc,
        endpoint=connection.s3_endpoint,
        region=connection.s3_region,
        access_key_id=connection.s3_access_key_id,
        secret_access_key=connection.s3_secret_access_key,
    )
