"""Shared by the model, build and publish tests: raw data loaded by the real ingestion from the local
stand-ins (real chess.com months of the fixtures, a synthetic Oura ring wearer), and helpers to read
the published file."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from lifemetrics.settings import Settings, load_settings
from lifemetrics.sources.chess_com import ingest_chess
from lifemetrics.sources.oura import ingest_oura
from lifemetrics.standins.chess_com import ChessComStandIn
from lifemetrics.standins.oura import OuraStandin
from lifemetrics.synthetic.health import SyntheticPerson, generate_person
from lifemetrics.warehouse.build import BuildReport, build_and_publish

CHESS_DIR = Path(__file__).parent / "data" / "chess_com"
PLAYER = "hikaru"
ZONE = "America/New_York"  # not UTC: local game dates and heart-rate days differ from UTC ones
MARTS = [
    "agg_chess_openings_monthly",
    "agg_monthly_health",
    "agg_rapid_chess_daily",
    "agg_rapid_chess_monthly_openings",
    "chess_health_bands",
    "chess_health_effects",
    "daily_health",
    "fct_chess_game_analysis",
    "fct_chess_games",
    "fct_chess_moves",
    "health_score_drivers",
    "heart_rate_alerts",
    "ranked_best_openings",
    "ranked_opening_families",
    "ranked_worst_openings",
]

Months = dict[str, list[dict[str, Any]]]


def fixture_months() -> Months:
    """The real chess.com months of the fixtures: {'YYYY-MM': [game, ...]}."""
    return {
        path.stem.split("_", 1)[1]: json.loads(path.read_text())["games"]
        for path in sorted(CHESS_DIR.glob(f"{PLAYER}_*.json"))
    }


@dataclass
class StandIns:
    """Both stand-ins of one test and settings pointing lifemetrics at them."""

    chess: ChessComStandIn
    oura: OuraStandin
    person: SyntheticPerson
    settings: Settings

    def ingest_chess(self, now: datetime | None = None) -> None:
        """Load the tracked player's new or changed months (as of `now`) into raw_chess_com."""
        report = ingest_chess(self.settings, now=now)
        assert not report.failed, report.failures

    def ingest_oura(self) -> None:
        """Load every Oura endpoint (back-fill, then the look-back window) into raw_oura."""
        report = ingest_oura(self.settings)
        assert not report.failed, report.failures


@contextmanager
def standins(
    players: dict[str, Months] | None = None,
    person: SyntheticPerson | None = None,
    **overrides: object,
) -> Iterator[StandIns]:
    """Start the chess.com stand-in on `players`' months (default: hikaru's fixture months), tracking
    them all, and the Oura stand-in on `person` (default: a synthetic wearer of 40 days ending yesterday)."""
    players = players if players is not None else {PLAYER: fixture_months()}
    person = person or generate_person(40, seed=3, timezone=ZONE)
    with ChessComStandIn(players) as chess, OuraStandin(person) as oura:
        values: dict[str, object] = {
            "chess_api_url": chess.api_url,
            "chess_usernames": list(players),
            "contact": "tests@lifemetrics.invalid",
            "oura_api_url": oura.url,
            "oura_token": oura.issue_token(lifetime=None),
            "timezone": ZONE,
            "http_backoff_seconds": 0.01,
        }
        values.update(overrides)
        yield StandIns(chess, oura, person, load_settings(**values))


def query(path: Path, sql: str, parameters: list[object] | None = None) -> list[tuple]:
    """Rows of `sql` on a DuckDB file opened read-only."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


def execute(path: Path, sql: str) -> None:
    """Run one writing statement on a DuckDB file (e.g. to inject bad raw data)."""
    with duckdb.connect(str(path)) as connection:
        connection.execute(sql)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class BuiltHome:
    """A LIFEMETRICS_HOME with both sources ingested and one published build; tests copy it, never change it."""

    home: Path
    person: SyntheticPerson
    report: BuildReport

    @property
    def settings(self) -> Settings:
        return load_settings(home=self.home, timezone=ZONE)


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> BuiltHome:
    """The fixture months and 40 Oura days, ingested and built once per test session."""
    return build_home_once(tmp_path_factory.getbasetemp())


@functools.cache
def build_home_once(session_temp: Path) -> BuiltHome:
    """Each test module imports `built_home`, so pytest sees one fixture per module: build only once."""
    home = session_temp / "built" / "home"
    with standins(home=home) as loaded:
        loaded.ingest_chess()
        loaded.ingest_oura()
        report = build_and_publish(loaded.settings)
    return BuiltHome(home, loaded.person, report)
