"""Helpers for the `lifemetrics run` and DAG tests: the demo stand-ins as LIFEMETRICS_* variables, the CLI as a
subprocess (or frozen at a kill point and SIGKILLed there), and the published tables as comparable row sets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from rows_support import comparable_rows

from lifemetrics.cli.standins_command import export_lines
from lifemetrics.standins.chess_com import ChessComStandIn
from lifemetrics.standins.oura import OuraStandin
from lifemetrics.synthetic.chess.games import generate_player_history
from lifemetrics.synthetic.health import generate_person

PLAYER = "test_player"
LIFEMETRICS = str(Path(sys.executable).parent / "lifemetrics")

# Small enough for a few seconds per run, big enough for several months and every table.
GAMES = 300
DAYS = 45
VOLATILE_COLUMNS = {"published_at"}
KILL_POINTS = Path(__file__).with_name("kill_points.py")
FROZEN_WAIT_SECONDS = 300


def environment_of(overrides: dict[str, object]) -> dict[str, str]:
    """Settings overrides as the LIFEMETRICS_* variables `lifemetrics standins` tells users to export."""
    variables = {}
    for line in export_lines(overrides):
        name, _, value = line.removeprefix("export ").partition("=")
        variables[name] = value.strip("'")
    return variables


@dataclass
class Standins:
    """Both stand-ins, running, and the LIFEMETRICS_* variables that point lifemetrics at them."""

    chess: ChessComStandIn
    oura: OuraStandin
    env: dict[str, str]
    months: list[str]  # the chess player's archive months, 'YYYY-MM', oldest first


@contextmanager
def running_standins(games: int = GAMES, days: int = DAYS) -> Iterator[Standins]:
    """Start a chess.com and an Oura stand-in with synthetic data (the tests need the stand-ins themselves)."""
    history = generate_player_history(PLAYER, games, seed=3)
    person = generate_person(days, seed=3, timezone="UTC")
    with ChessComStandIn({PLAYER: history}) as chess, OuraStandin(person) as oura:
        overrides = {
            "chess_api_url": chess.api_url,
            "chess_usernames": [PLAYER],
            "contact": "test@lifemetrics.invalid",
            "oura_api_url": oura.url,
            "oura_token": oura.issue_token(),
            "timezone": "UTC",
        }
        # no move analysis: its time budget makes the analysed games depend on the machine's load
        env = {**environment_of(overrides), "LIFEMETRICS_ANALYSIS_RUN_SECONDS": "0"}
        yield Standins(chess, oura, env, sorted(history))


def cli(*args: str, env: dict[str, str], **popen: object) -> subprocess.Popen[str]:
    """Start `lifemetrics <args>` as a subprocess with `env` over this process's environment."""
    return subprocess.Popen(
        [LIFEMETRICS, *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def run_cli(
    *args: str, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `lifemetrics <args>` to its end."""
    process = cli(*args, env=env)
    stdout, stderr = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def published_rows(analytics_path: Path) -> dict[str, list[str]]:
    """Every published table's rows (volatile columns left out), comparable and sorted: equal dicts
    mean equal data."""
    with duckdb.connect(str(analytics_path), read_only=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        rows = {}
        for table in tables:
            columns = [
                name
                for (name,) in connection.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
                    "AND table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if name not in VOLATILE_COLUMNS
            ]
            selected = ", ".join(f'"{name}"' for name in columns)
            rows[table] = comparable_rows(connection, f'SELECT {selected} FROM "{table}"')
        return rows


def kill(process: subprocess.Popen[str]) -> None:
    """SIGKILL: no clean-up handler runs, as when the machine loses power or the OOM killer strikes."""
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL


def kill_at(point: str, env: dict[str, str], *command: str) -> None:
    """Run `lifemetrics <command>` (default `run`) frozen at `point` (see kill_points.py), then kill it
    there."""
    process = subprocess.Popen(
        [sys.executable, str(KILL_POINTS), point, *(command or ("run",))],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + FROZEN_WAIT_SECONDS
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith(f"FROZEN {point}"):
            break
        assert time.monotonic() < deadline, f"never reached {point}"
    else:
        pytest.fail(f"the run ended (exit {process.wait()}) before reaching {point}")
    kill(process)
