"""Shared by the move-analysis tests: known games in chess.com's shape, a home with them and real hikaru months
ingested through the stand-in, settings for small, quick engine searches, and the engine-needed marker."""

from __future__ import annotations

import copy
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from chess_support import fixture_games

from lifemetrics.analysis.engine import find_engine
from lifemetrics.analysis.errors import EngineNotFound
from lifemetrics.settings import Settings, load_settings
from lifemetrics.sources.chess_com import ingest_chess
from lifemetrics.standins.chess_com import ChessComStandIn


def engine_installed() -> bool:
    """Whether the default engine (Debian's stockfish) can be found."""
    try:
        find_engine("stockfish")
    except EngineNotFound:
        return False
    return True


requires_engine = pytest.mark.skipif(
    not engine_installed(), reason="needs Stockfish (make engine installs Debian's stockfish)"
)

TEST_NODES = 1500  # per position: quick (~depth 9), enough to see a hung queen and short mates

# 2...Qh4?? (black, the tracked player) hangs the queen to 3.Nxh4.
HUNG_QUEEN = (
    "friend",
    "blunderer",
    "1-0",
    "1. e4 e5 2. Nf3 Qh4 3. Nxh4 Nc6 4. Nf3 Nf6 5. Nc3 Bc5 "
    "6. Bc4 O-O 7. O-O d6 8. d3 Bg4 9. h3 Bh5 10. g4 Bg6 11. Bg5 h6 12. Bh4 1-0",
)
# Reti - Tartakower, Vienna 1910: 8...Nxe4?? allows 9.Qd8+!! Kxd8 10.Bg5+ and mate; white never blunders.
# (Morphy's Opera Game is no good here: at 5,000, 10,000 and 40,000 nodes the engine misses the mate behind
# 15.Bxd7+ and calls that move a blunder.)
MASTER_GAME = (
    "reti",
    "tartakower",
    "1-0",
    "1. e4 c6 2. d4 d5 3. Nc3 dxe4 4. Nxe4 Nf6 5. Qd3 e5 6. dxe5 Qa5+ "
    "7. Bd2 Qxe5 8. O-O-O Nxe4 9. Qd8+ Kxd8 10. Bg5+ Kc7 11. Bd8# 1-0",
)
KNOWN_MONTH = "2025-03"  # after the fixture months: the known games are the newest, analysed first


def known_game(white: str, black: str, result: str, movetext: str) -> dict[str, Any]:
    """A chess.com game object (made from a real one) carrying `movetext`, without accuracies."""
    game = copy.deepcopy(fixture_games("2025-02")[0])
    fresh = uuid.uuid4()
    end = datetime(2025, 3, 2, 12, tzinfo=UTC)
    white_result, black_result = ("win", "resigned") if result == "1-0" else ("resigned", "win")
    game.update(
        uuid=str(fresh),
        url=f"https://www.chess.com/game/live/{fresh.int % 10**12}",
        end_time=int(end.timestamp()),
        time_class="rapid",
        time_control="600",
    )
    game.pop("accuracies", None)
    game.pop("tournament", None)
    game["white"] = {**game["white"], "username": white, "result": white_result}
    game["black"] = {**game["black"], "username": black, "result": black_result}
    game["pgn"] = (
        f'[Event "Live Chess"]\n[Site "Chess.com"]\n[White "{white}"]\n[Black "{black}"]\n'
        f'[Result "{result}"]\n[TimeControl "600"]\n[Termination "{white} won by resignation"]\n\n{movetext}\n'
    )
    return game


def real_months() -> dict[str, list[dict[str, Any]]]:
    """hikaru's real fixture months."""
    return {month: fixture_games(month) for month in ("2022-02", "2022-06", "2025-02")}


@contextmanager
def ingested(home: Path, players: dict[str, dict[str, list[dict[str, Any]]]]) -> Iterator[Settings]:
    """`players`' months ingested into `home` by the real chess.com ingestion; settings tracking them all."""
    with ChessComStandIn(players) as standin:
        settings = load_settings(
            home=home,
            chess_api_url=standin.api_url,
            chess_usernames=list(players),
            contact="tests@lifemetrics.invalid",
            http_backoff_seconds=0.01,
        )
        report = ingest_chess(settings)
        assert not report.failed, report.failures
    yield load_settings(home=home, chess_usernames=list(players), analysis_nodes=TEST_NODES)


def copy_home(source: Path, target: Path) -> Path:
    """A copy of a home's warehouse (tests change copies, never the shared original)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "warehouse.duckdb", target / "warehouse.duckdb")
    return target


def rows(path: Path, sql: str, parameters: list[object] | None = None) -> list[tuple]:
    """Rows of `sql` on a DuckDB file, opened read-only."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()
