"""Two writers never meet in one LIFEMETRICS_HOME: every writing command takes the run lock and names
its holder, and a DuckDB file another process holds is named with that process, in one line."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from run_support import Standins, cli, run_cli, running_standins

from lifemetrics.standins.server import Fault

HOLD = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=False); print('ready', flush=True); time.sleep(600)"


@pytest.fixture(scope="module")
def standins() -> Iterator[Standins]:
    """Both stand-ins, shared by this module's tests."""
    with running_standins() as running:
        yield running


@pytest.fixture()
def env(standins: Standins, isolated_env: Path) -> dict[str, str]:
    """The stand-ins' variables, with this test's home."""
    return {**standins.env, "LIFEMETRICS_HOME": str(isolated_env)}


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single `error:` line of a failed command (no traceback)."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("command", [["build"], ["ingest", "oura"], ["dashboard"]])
def test_a_writing_command_during_a_run_is_refused_naming_the_run(
    standins: Standins, env: dict[str, str], command: list[str]
) -> None:
    last_month = standins.chess.month_path("test_player", standins.months[-1])
    standins.chess.server.inject(last_month, Fault(delay_seconds=600))
    standins.chess.server.clear_log()
    running = cli("run", env=env)
    try:
        while last_month not in {request.path for request in standins.chess.requests}:
            assert running.poll() is None, running.communicate()
            time.sleep(0.05)
        line = one_error_line(run_cli(*command, env=env, timeout=120))
    finally:
        running.kill()
        running.communicate()
    assert f"another lifemetrics command (pid {running.pid}: " in line
    assert "lifemetrics run)" in line


@pytest.fixture()
def held_warehouse(isolated_env: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding warehouse.duckdb open until the test ends."""
    isolated_env.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(isolated_env / "warehouse.duckdb")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    yield holder
    holder.kill()
    holder.wait()


def test_a_held_warehouse_stops_build_with_the_holder_named(
    held_warehouse: subprocess.Popen[str], env: dict[str, str]
) -> None:
    line = one_error_line(run_cli("build", env=env, timeout=300))
    assert (
        f"warehouse.duckdb is open in process {held_warehouse.pid} ({sys.executable} -c import duckdb"
        in line
    )
    assert line.endswith("close it")


def test_a_held_warehouse_is_named_by_every_step_of_a_run(
    held_warehouse: subprocess.Popen[str], env: dict[str, str]
) -> None:
    result = run_cli("run", env=env, timeout=300)
    assert result.returncode == 1
    output = " ".join(result.stdout.split())
    said = f"warehouse.duckdb is open in process {held_warehouse.pid}"
    assert f"ingest chess: {said}" in output
    assert f"ingest oura: {said}" in output
    assert "credentials" not in output and "internet connection" not in output
    assert "Traceback" not in result.stderr
