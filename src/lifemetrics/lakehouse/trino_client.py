"""Trino's address and a cursor on it, for dbt-trino's profile and for the queries lifemetrics runs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from lifemetrics.lakehouse.connection import LakehouseConnection


def trino_address(connection: LakehouseConnection) -> dict[str, Any]:
    """Host, port and scheme of the lakehouse's Trino, in the names dbt-trino and the client share."""
    url = urlsplit(connection.trino_url)
    return {
        "host": url.hostname,
        "port": url.port or (443 if url.scheme == "https" else 80),
        "http_scheme": url.scheme,
    }


def import_trino() -> ModuleType:
    """Trino's client, imported without its INFO line about a missing keyring on the user's console
    (lifemetrics never uses Trino's OAuth2 token cache), nor its warning that a Trino it cannot reach
    may not take EXECUTE IMMEDIATE (the query's own error follows)."""
    logging.getLogger("trino.auth").setLevel(logging.WARNING)
    logging.getLogger("trino.dbapi").setLevel(logging.ERROR)
    import trino
    import trino.dbapi
    import trino.exceptions

    return trino


@contextmanager
def trino_cursor(connection: LakehouseConnection, schema: str) -> Iterator[Any]:
    """A Trino cursor on the lakehouse's catalog and `schema`, closed with its connection."""
    client = import_trino().dbapi.connect(
        **trino_address(connection),
        user=connection.trino_user,
        catalog=connection.catalog,
        schema=schema,
    )
    try:
        yield client.cursor()
    finally:
        client.close()
