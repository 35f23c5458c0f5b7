"""Shared by the Oura tests: a synthetic ring wearer served by the local stand-in, settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import duckdb
import pytest

from lifemetrics.settings import Settings, load_settings
from lifemetrics.standins.oura import OuraStandin
from lifemetrics.synthetic.health import SyntheticPerson, generate_person

ZONE = "Europe/Paris"  # not UTC: heart-rate windows are local days, across a DST change in late October
DAYS = 75  # three heart-rate windows, several pages per daily endpoint
CLIENT_ID = "fake-client-id"
CLIENT_SECRET = "fake-client-secret-for-tests"


@pytest.fixture
def person() -> SyntheticPerson:
    """75 days of a deterministic ring wearer, ending yesterday."""
    return generate_person(DAYS, seed=7, timezone=ZONE)


@pytest.fixture
def api(person: SyntheticPerson) -> Iterator[OuraStandin]:
    """The stand-in, small pages so that every endpoint pages."""
    with OuraStandin(
        person,
        page_size=20,
        heartrate_page_size=2000,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    ) as standin:
        yield standin


def standin_settings(api: OuraStandin, **overrides: object) -> Settings:
    """Settings for a run against `api`: fast retries, the person's zone, OAuth URLs of the stand-in."""
    values: dict[str, object] = {
        "oura_api_url": api.url,
        "oura_authorize_url": api.authorize_url,
        "oura_token_url": api.token_url,
        "oura_client_id": CLIENT_ID,
        "oura_client_secret": CLIENT_SECRET,
        "timezone": ZONE,
        "http_backoff_seconds": 0.01,
        "http_max_attempts": 3,
    }
    values.update(overrides)
    return load_settings(**values)


def token_settings(api: OuraStandin, **overrides: object) -> Settings:
    """Settings with a bearer token in LIFEMETRICS_OURA_TOKEN's place."""
    return standin_settings(api, oura_token=api.issue_token(lifetime=None), **overrides)


def query(settings: Settings, sql: str) -> list[tuple]:
    """Rows of `sql` on the warehouse, opened read-only."""
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as connection:
        return connection.sql(sql).fetchall()


def columns(settings: Settings, table: str) -> dict[str, str]:
    """Column name -> DuckDB type of raw_oura.<table>."""
    rows = query(
        settings,
        "SELECT column_name, data_type FROM information_schema.columns "
        f"WHERE table_schema = 'raw_oura' AND table_name = '{table}'",
    )
    return dict(rows)


def api_requests(api: OuraStandin, since: int = 0, endpoint: str | None = None) -> list:
    """The stand-in's recorded API requests from index `since`, optionally of one endpoint."""
    found = [r for r in api.requests[since:] if r.path.startswith("/v2/usercollection/")]
    return [r for r in found if endpoint is None or r.path.endswith("/" + endpoint)]


def parse_instant(value: str) -> datetime:
    """An ISO 8601 instant from a request parameter."""
    return datetime.fromisoformat(value)


def day(value: str) -> date:
    """An ISO day."""
    return date.fromisoformat(value)


def days_between(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
