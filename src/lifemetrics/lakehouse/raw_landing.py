"""Raw as Iceberg tables: each raw table dlt loaded into warehouse.duckdb is merged by its key into the
Iceberg table of the same namespace and name (raw_chess_com.games, raw_oura.sleep, ...), with the same
columns. Only rows of loads newer than the Iceberg table's newest `_dlt_load_id` are sent (upserted by
the dlt primary key); keys dlt removed since (a month that lost games, a document Oura withdrew) are
deleted. Running it twice changes nothing."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from lifemetrics.settings import Settings
from lifemetrics.warehouse.engine import connect_warehouse
from lifemetrics.warehouse.sql_text import identifier

RAW_DATASETS = ("raw_chess_com", "raw_oura")
LOAD_ID = "_dlt_load_id"


def land_raw_into_lakehouse(settings: Settings) -> dict[str, int]:
    """Merge every raw table into the lakehouse's Iceberg catalog (engines trino and spark)."""
    from lifemetrics.lakehouse.catalog import iceberg_catalog
    from lifemetrics.lakehouse.connection import lakehouse_connection

    return land_raw(settings, iceberg_catalog(lakehouse_connection(settings)))


def land_raw(settings: Settings, catalog: Any) -> dict[str, int]:
    """Merge every raw table into the Iceberg catalog; rows sent per `namespace.table`."""
    if not settings.warehouse_path.exists():
        return {}
    sent: dict[str, int] = {}
    with connect_warehouse(settings, read_only=True) as warehouse:
        for dataset in RAW_DATASETS:
            keys = primary_keys(warehouse, dataset)
            if keys:
                catalog.create_namespace_if_not_exists(dataset)
            for table, key in keys.items():
                sent[f"{dataset}.{table}"] = land_table(warehouse, catalog, dataset, table, key)
    return sent


def primary_keys(warehouse: duckdb.DuckDBPyConnection, dataset: str) -> dict[str, list[str]]:
    """The data tables of `dataset` that exist, with their primary key (from dlt's stored schema)."""
    try:
        row = warehouse.execute(
            f"SELECT schema FROM {identifier(dataset)}._dlt_version "
            "ORDER BY inserted_at DESC LIMIT 1"
        ).fetchone()
    except duckdb.CatalogException:
        return {}
    if row is None:
        return {}
    tables = json.loads(row[0])["tables"]
    present = {
        name
        for (name,) in warehouse.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [dataset]
        ).fetchall()
    }
    return {
        name: [column for column, hints in table["columns"].items() if hints.get("primary_key")]
        for name, table in tables.items()
        if not name.startswith("_dlt") and name in present
    }


def land_table(
    warehouse: duckdb.DuckDBPyConnection, catalog: Any, dataset: str, table: str, key: list[str]
) -> int:
    """Merge one raw table's new rows into Iceberg and delete its vanished keys; rows sent."""
    name = f"{dataset}.{table}"
    source = f"{identifier(dataset)}.{identifier(table)}"
    if not catalog.table_exists(name):
        rows = raw_rows(warehouse, source)
        catalog.create_table(name, schema=rows.schema).append(rows)
        return rows.num_rows
    iceberg = catalog.load_table(name)
    rows = raw_rows(warehouse, source, newest_load_id(iceberg))
    if rows.num_rows:
        with iceberg.update_schema() as update:
            update.union_by_name(rows.schema)
        iceberg.upsert(rows, join_cols=key)
    delete_vanished(warehouse, iceberg, source, key)
    return rows.num_rows


def raw_rows(warehouse: duckdb.DuckDBPyConnection, source: str, after: str | None = None) -> Any:
    """The rows of `source` loaded after load id `after` (all rows without), JSON columns as text."""
    columns = warehouse.execute(f"DESCRIBE {source}").fetchall()
    selected = ", ".join(
        f"CAST({identifier(name)} AS VARCHAR) AS {identifier(name)}"
        if kind == "JSON"
        else identifier(name)
        for name, kind, *_ in columns
    )
    where = f" WHERE {LOAD_ID} > ?" if after is not None else ""
    return warehouse.execute(
        f"SELECT {selected} FROM {source}{where}", [after] if after is not None else []
    ).fetch_arrow_table()


def newest_load_id(iceberg: Any) -> str | None:
    """The newest `_dlt_load_id` in an Iceberg raw table (None when it is empty)."""
    import pyarrow.compute as pc

    ids = iceberg.scan(selected_fields=(LOAD_ID,)).to_arrow()[LOAD_ID]
    return pc.max(ids).as_py() if len(ids) else None


def delete_vanished(
    warehouse: duckdb.DuckDBPyConnection, iceberg: Any, source: str, key: list[str]
) -> None:
    """Delete from Iceberg the keys warehouse.duckdb no longer has."""
    from pyiceberg.expressions import And, EqualTo, Or

    lake_keys = iceberg.scan(selected_fields=tuple(key)).to_arrow()
    if not lake_keys.num_rows:
        return
    warehouse.register("lake_keys", lake_keys)
    try:
        on = " AND ".join(f"k.{identifier(c)} IS NOT DISTINCT FROM r.{identifier(c)}" for c in key)
        vanished = warehouse.execute(
            f"SELECT k.* FROM lake_keys k WHERE NOT EXISTS (SELECT 1 FROM {source} r WHERE {on})"
        ).fetchall()
    finally:
        warehouse.unregister("lake_keys")
    if not vanished:
        return
    matches = [
        _all_of([EqualTo(column, value) for column, value in zip(key, row)], And)
        for row in vanished
    ]
    iceberg.delete(delete_filter=_all_of(matches, Or))


def _all_of(expressions: list[Any], combine: Any) -> Any:
    """`expressions` folded with And or Or (one expression stays as it is)."""
    combined = expressions[0]
    for expression in expressions[1:]:
        combined = combine(combined, expression)
    return combined
