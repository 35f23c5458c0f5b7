"""How lifemetrics reaches the lakehouse: the LIFEMETRICS_* lakehouse settings where given (production:
a real Trino, S3 and catalog), else the local services `lifemetrics lakehouse up` started."""

from __future__ import annotations

from dataclasses import dataclass

from lifemetrics.lakehouse.local import LocalLakehouse, local_connection
from lifemetrics.settings import Settings


@dataclass(frozen=True)
class LakehouseConnection:
    """Trino's address, the S3 store, and the Iceberg catalog (its database URI holds a password)."""

    trino_url: str
    trino_user: str
    s3_endpoint: str | None
    s3_region: str
    s3_access_key_id: str | None
    s3_secret_access_key: str | None
    catalog: str
    catalog_uri: str
    warehouse: str

    def public(self) -> dict[str, str | None]:
        """What `lakehouse status --json` shows: no password, no key."""
        return {
            "trino_url": self.trino_url,
            "s3_endpoint": self.s3_endpoint,
            "catalog": self.catalog,
            "warehouse": self.warehouse,
        }


def lakehouse_connection(settings: Settings) -> LakehouseConnection:
    """The lakehouse of `settings`: each setting given wins over the local services' value."""
    local = local_connection(
        settings.lakehouse_dir, LocalLakehouse.for_settings(settings).read_state()
    )
    secret_key = settings.s3_secret_access_key
    catalog_uri = settings.lakehouse_catalog_uri
    return LakehouseConnection(
        trino_url=settings.trino_url or local["trino_url"],
        trino_user=settings.trino_user,
        s3_endpoint=settings.s3_endpoint or local["s3_endpoint"],
        s3_region=settings.s3_region,
        s3_access_key_id=settings.s3_access_key_id or local["s3_access_key_id"],
        s3_secret_access_key=secret_key.get_secret_value()
        if secret_key
        else local["s3_secret_access_key"],
        catalog=settings.lakehouse_catalog,
        catalog_uri=catalog_uri.get_secret_value() if catalog_uri else local["catalog_uri"],
        warehouse=settings.lakehouse_warehouse or local["warehouse"],
    )
