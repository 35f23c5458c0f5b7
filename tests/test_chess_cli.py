"""`lifemetrics ingest chess` and `lifemetrics status` against the stand-in: summary, exit status, one-line errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from chess_support import CONTACT, EMAIL, PLAYER, request_paths, standin  # noqa: F401 (fixture)
from typer.testing import CliRunner

from lifemetrics.cli.main import _register_commands, app
from lifemetrics.standins.chess_com import ChessComStandIn
from lifemetrics.standins.server import Fault

LIFEMETRICS = str(Path(sys.executable).parent / "lifemetrics")


@pytest.fixture
def chess_env(standin, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """LIFEMETRICS_* variables pointing at the stand-in (set in this process, returned for subprocesses)."""
    env = {
        "LIFEMETRICS_CHESS_API_URL": standin.api_url,
        "LIFEMETRICS_CHESS_USERNAMES": PLAYER,
        "LIFEMETRICS_CONTACT": CONTACT,
        "LIFEMETRICS_HTTP_BACKOFF_SECONDS": "0.01",
        "LIFEMETRICS_HTTP_MAX_ATTEMPTS": "5",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def invoke(*args: str):
    _register_commands()
    return CliRunner().invoke(app, list(args), terminal_width=200)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LIFEMETRICS, *args],
        env=dict(os.environ, COLUMNS="200"),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ingest_chess_shows_a_summary_and_a_second_run_only_asks_the_archive_list(
    standin, chess_env
):
    first = invoke("ingest", "chess")
    assert first.exit_code == 0, first.output
    assert "months fetched" in first.output and "games loaded" in first.output
    assert f"│ {PLAYER}" in first.output and "686" in first.output  # 176 + 76 + 433 + 1 games
    standin.server.clear_log()

    second = invoke("ingest", "chess")

    assert second.exit_code == 0, second.output
    # the fixture months are closed (the real "now" is later): one request for the list, nothing else
    assert request_paths(standin) == [ChessComStandIn.archives_path(PLAYER)]


def test_a_month_failing_five_times_exits_1_with_one_line_naming_it(standin, chess_env):
    standin.inject_month(PLAYER, "2022-06", Fault(times=5, status=500))

    result = run_cli("ingest", "chess")

    assert result.returncode == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert (
        len(error_lines) == 1
        and f"{PLAYER} 2022-06" in error_lines[0]
        and "HTTP 500" in error_lines[0]
    )
    assert "months fetched" in result.stdout  # the summary still shows what loaded
    assert not EMAIL.search(result.stdout + result.stderr)


def test_ingest_chess_without_contact_exits_1_before_any_request(standin, chess_env, monkeypatch):
    monkeypatch.delenv("LIFEMETRICS_CONTACT")

    result = run_cli("ingest", "chess")

    assert result.returncode == 1
    assert result.stderr.startswith("error:") and "LIFEMETRICS_CONTACT" in result.stderr
    assert standin.requests == []


def test_status_shows_what_was_loaded_when_and_what_failed(standin, chess_env):
    assert "chess: never run here" in invoke("status").output
    standin.inject_month(PLAYER, "2022-06", Fault(times=5, status=500))
    invoke("ingest", "chess")

    result = invoke("status")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.fullmatch(
        r"chess: last run \S+ \S+ UTC, failed \(610 rows loaded, 9 requests\)", lines[0]
    )
    assert lines[1].startswith(f"  failed: {PLAYER} 2022-06: HTTP 500")
    assert re.fullmatch(
        r"  last completed load \S+ \S+ UTC; raw_chess_com: games 610 rows", lines[2]
    )
