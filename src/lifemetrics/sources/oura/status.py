"""The Oura side of `lifemetrics status`: the authorisation's state and the last day loaded per endpoint.

Says which token a run would use and whether it is expired; never shows the token itself.
"""

from __future__ import annotations

from datetime import date

import duckdb

from lifemetrics.settings import Settings
from lifemetrics.sources.oura.auth import token_status
from lifemetrics.sources.oura.endpoints import ENDPOINTS, DateParams
from lifemetrics.warehouse.engine import connect_warehouse


def oura_status_lines(settings: Settings) -> list[str]:
    """'authorisation: <state> (<detail>)' and 'loaded through: <endpoint> <last day>, ...'."""
    token = token_status(settings)
    lines = [f"authorisation: {token.state} ({token.detail})"]
    through = loaded_through(settings)
    if through:
        lines.append(
            "loaded through: " + ", ".join(f"{name} {day}" for name, day in through.items())
        )
    return lines


def loaded_through(settings: Settings) -> dict[str, date]:
    """The last day each loaded endpoint holds (heart rate: its last sample's UTC day); empty if unreadable."""
    if not settings.warehouse_path.exists():
        return {}
    try:
        with connect_warehouse(settings, read_only=True) as connection:
            present = {
                name
                for (name,) in connection.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw_oura'"
                ).fetchall()
            }
            return {
                endpoint.name: last
                for endpoint in ENDPOINTS
                if endpoint.name in present
                and (last := _last_day(connection, endpoint.name, endpoint.params))
            }
    except duckdb.Error:
        return {}


def _last_day(connection: duckdb.DuckDBPyConnection, table: str, params: DateParams) -> date | None:
    if params is DateParams.NONE:
        return None
    column = (
        "CAST(timezone('UTC', \"timestamp\") AS DATE)" if params is DateParams.DATETIMES else "day"
    )
    (last,) = connection.execute(f"SELECT max({column}) FROM raw_oura.{table}").fetchone()
    return last
