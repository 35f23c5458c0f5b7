"""Helpers for the chess.com tests: the fixture months behind a stand-in, settings pointing at it, warehouse reads."""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import duckdb
import pytest
from fixture_paths import FIXTURES

from lifemetrics.settings import Settings, load_settings
from lifemetrics.standins.chess_com import ChessComStandIn

PLAYER = "hikaru"
CONTACT = "tester@example.invalid"
FIXTURE_MONTHS = ("2022-02", "2022-06", "2025-02")
# "Now" for most tests: 2025-03 is the current month, 2025-02 the previous one.
NOW = datetime(2025, 3, 15, 12, tzinfo=timezone.utc)
CURRENT, PREVIOUS = "2025-03", "2025-02"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def fixture_games(month: str) -> list[dict[str, Any]]:
    """The real games of one fixture month."""
    return json.loads((FIXTURES / "chess_com" / f"{PLAYER}_{month}.json").read_text())["games"]


def new_game(month: str = CURRENT, template_month: str = PREVIOUS) -> dict[str, Any]:
    """A copy of a real game with a fresh uuid and url: a game the warehouse has not seen."""
    game = copy.deepcopy(fixture_games(template_month)[0])
    fresh = uuid.uuid4()
    game["uuid"] = str(fresh)
    game["url"] = f"https://www.chess.com/game/live/{fresh.int % 10**12}"
    game["end_time"] = int(datetime.fromisoformat(f"{month}-02T12:00:00+00:00").timestamp())
    return game


@pytest.fixture
def standin() -> Iterator[ChessComStandIn]:
    """The three real fixture months, plus the current month (2025-03) with one game, over real HTTP."""
    with ChessComStandIn.from_directory(FIXTURES / "chess_com") as running:
        running.add_game(PLAYER, CURRENT, new_game())
        yield running


def chess_settings(standin: ChessComStandIn, **overrides: object) -> Settings:
    """Settings pointing at the stand-in, with a fake contact and tiny back-off."""
    values: dict[str, object] = {
        "chess_api_url": standin.api_url,
        "chess_usernames": PLAYER,
        "contact": CONTACT,
        "http_backoff_seconds": 0.01,
        "http_timeout_seconds": 10,
    }
    return load_settings(**{**values, **overrides})


def query(settings: Settings, sql: str) -> list[tuple]:
    """Rows of a query on the warehouse, opened read-only."""
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def request_paths(standin: ChessComStandIn) -> list[str]:
    """Paths of every request the stand-in got, in order."""
    return [request.path for request in standin.requests]
