"""A `lifemetrics run` killed (SIGKILL) at any point — during a download, a load, the build, the publish — is
followed by a normal run that ends with exactly the published tables of a run that was never killed: nothing
lost, nothing duplicated, and no lock left behind."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from run_support import (
    PLAYER,
    Standins,
    cli,
    kill,
    kill_at,
    published_rows,
    run_cli,
    running_standins,
)

from lifemetrics.standins.server import Fault


@pytest.fixture(scope="module")
def standins() -> Iterator[Standins]:
    with running_standins() as running:
        yield running


@pytest.fixture(scope="module")
def never_killed(
    standins: Standins, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    """The published tables of a run that nobody killed."""
    home = tmp_path_factory.mktemp("never-killed")
    result = run_cli("run", env={**standins.env, "LIFEMETRICS_HOME": str(home)})
    assert result.returncode == 0, result.stdout + result.stderr
    return published_rows(home / "analytics.duckdb")


def kill_during_chess_download(standins: Standins, env: dict[str, str]) -> None:
    """The stand-in stalls the last month's archive; kill the run while it waits for the response."""
    last_month = standins.chess.month_path(PLAYER, standins.months[-1])
    standins.chess.server.inject(last_month, Fault(delay_seconds=120))
    standins.chess.server.clear_log()
    process = cli("run", env=env)
    while last_month not in [request.path for request in standins.chess.requests]:
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    kill(process)


def assert_no_duplicate_raw_rows(home: Path) -> None:
    """Raw tables hold one row per API document key."""
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as connection:
        keys = {
            "raw_chess_com.games": "player, uuid",
            "raw_oura.daily_sleep": "day",
            "raw_oura.sleep": "id",
            "raw_oura.heartrate": "timestamp",
        }
        for table, key in keys.items():
            duplicates = connection.execute(
                f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY {key} HAVING count(*) > 1)"
            ).fetchone()[0]
            assert duplicates == 0, f"{table} has duplicate keys"


@pytest.mark.parametrize(
    "point",
    ["chess-download", "oura-download", "chess-load", "oura-load", "build", "publish", "dashboard"],
)
def test_run_killed_at_any_point_then_a_normal_run_loses_and_duplicates_nothing(
    point: str, standins: Standins, never_killed: dict[str, list[str]], isolated_env: Path
) -> None:
    env = {**standins.env, "LIFEMETRICS_HOME": str(isolated_env)}
    if point == "chess-download":
        kill_during_chess_download(standins, env)
    else:
        kill_at(point, env)

    standins.oura.server.clear_log()
    after = run_cli("run", env=env)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "rebuilt" in after.stdout  # the killed run never completed: nothing counts as up to date
    assert published_rows(isolated_env / "analytics.duckdb") == never_killed
    # it did its own work too: not only finishing what the killed run left (dlt alone would stop there)
    assert any(request.path.endswith("/heartrate") for request in standins.oura.requests)
    assert_no_duplicate_raw_rows(isolated_env)
    assert list(isolated_env.glob("analytics.duckdb.tmp-*")) == []


def test_publish_killed_after_a_published_run_keeps_the_previous_tables(
    standins: Standins, never_killed: dict[str, list[str]], isolated_env: Path
) -> None:
    env = {**standins.env, "LIFEMETRICS_HOME": str(isolated_env)}
    assert run_cli("run", env=env).returncode == 0
    kill_at(
        "publish", env, "run", "--full-refresh"
    )  # nothing new: only a forced build gets to publish
    assert published_rows(isolated_env / "analytics.duckdb") == never_killed
