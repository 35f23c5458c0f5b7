"""Fetch one window of one endpoint (I/O) and shape it for the raw tables (pure helpers below).

Daily documents and sleep periods go to dlt as dicts (its normaliser flattens nested objects and turns
lists into child tables). Heart rate, by far the largest table, goes as one Arrow table per window:
dlt loads Arrow without normalising row by row.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.compute as pc

from lifemetrics.sources.oura.changes import ChangeFilter
from lifemetrics.sources.oura.client import OuraClient
from lifemetrics.sources.oura.endpoints import DROPPED_FIELDS, ENDPOINTS_BY_NAME, Endpoint
from lifemetrics.sources.oura.errors import OuraError
from lifemetrics.sources.oura.windows import DayWindow, InstantWindow

HEARTRATE_TIMESTAMP = pa.timestamp("us", tz="UTC")


def fetch_documents(client: OuraClient, endpoint: Endpoint, window: DayWindow) -> list[dict]:
    """Every document of `endpoint` whose `day` is in `window` (asked for with a day of padding each side)."""
    documents = []
    for page in client.pages(endpoint, window.padded_params()):
        documents.extend(
            without_nulls(document) for document in page if window.holds(document.get("day"))
        )
    return documents


def fetch_personal_info(client: OuraClient) -> dict:
    """The user's personal_info document, without the fields never stored (e-mail)."""
    endpoint = ENDPOINTS_BY_NAME["personal_info"]
    return without_nulls(without_dropped_fields(endpoint, client.get(endpoint, {})))


def fetch_heartrate_rows(client: OuraClient, window: InstantWindow) -> list[dict]:
    """The heart-rate samples the API returns for `window`, as they came (see `heartrate_table`)."""
    endpoint = ENDPOINTS_BY_NAME["heartrate"]
    return [row for page in client.pages(endpoint, window.params()) for row in page]


def without_dropped_fields(endpoint: Endpoint, document: dict) -> dict:
    """`document` minus the fields lifemetrics never stores for `endpoint`."""
    dropped = DROPPED_FIELDS.get(endpoint.name, frozenset())
    return {key: value for key, value in document.items() if key not in dropped}


def without_nulls(document: dict) -> dict:
    """`document` without null fields, nested objects included (a null reads back as NULL either way)."""
    return {
        key: without_nulls(value) if isinstance(value, dict) else value
        for key, value in document.items()
        if value is not None
    }


def heartrate_table(rows: list[dict], window: InstantWindow) -> pa.Table:
    """Samples as Arrow, every field kept, `timestamp` parsed to UTC, only those inside `window`."""
    try:
        table = pa.Table.from_pylist(rows)
        stamps = pc.cast(table["timestamp"], HEARTRATE_TIMESTAMP)
    except (KeyError, pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise OuraError(f"heartrate: unreadable samples for {window.params()}: {exc}") from None
    table = table.set_column(table.schema.get_field_index("timestamp"), "timestamp", stamps)
    inside = pc.and_(
        pc.greater_equal(stamps, pa.scalar(window.start, HEARTRATE_TIMESTAMP)),
        pc.less(stamps, pa.scalar(window.end, HEARTRATE_TIMESTAMP)),
    )
    return table.filter(inside)


def changed_samples(table: pa.Table, zone: ZoneInfo, changes: ChangeFilter) -> pa.Table:
    """The samples of local days that are new or changed since the last run (and of days before its horizon).

    Grouped by local day, the unit every window starts and ends on, so a window's edge never splits a group.
    """
    days = pc.cast(
        pc.local_timestamp(table["timestamp"].cast(pa.timestamp("us", tz=zone.key))), pa.date32()
    )
    horizon = changes.horizon or date.min
    recent = pc.greater_equal(days, pa.scalar(horizon, pa.date32()))
    rows = table.filter(recent).append_column("local_day", days.filter(recent)).to_pylist()
    changed = changes.changed_groups(rows, lambda row: row["local_day"].isoformat())
    changed_days = pa.array(sorted(date.fromisoformat(day) for day in changed), pa.date32())
    return table.filter(pc.or_(pc.invert(recent), pc.is_in(days, value_set=changed_days)))


def empty_heartrate_table() -> pa.Table:
    """No samples, but the columns of the contract: loading it creates the table."""
    return pa.table(
        {
            "timestamp": pa.array([], HEARTRATE_TIMESTAMP),
            "bpm": pa.array([], pa.int64()),
            "source": pa.array([], pa.string()),
            "timestamp_unix": pa.array([], pa.int64()),
        }
    )


def last_document_day(documents: list[dict]) -> date | None:
    """The latest `day` among documents."""
    days = [document["day"][:10] for document in documents if document.get("day")]
    return date.fromisoformat(max(days)) if days else None


def last_heartrate_day(table: pa.Table, zone: ZoneInfo) -> date | None:
    """The local day of the latest sample."""
    latest = pc.max(table["timestamp"]).as_py()
    return latest.astimezone(zone).date() if isinstance(latest, datetime) else None
