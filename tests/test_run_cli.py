"""`lifemetrics run` as a user runs it (a subprocess against the local stand-ins): one summary table, the exit
status, one run at a time, one failing source not stopping the other, --source and --since."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from run_support import PLAYER, Standins, cli, published_rows, run_cli, running_standins

from lifemetrics.standins.server import Fault


@pytest.fixture(scope="module")
def standins() -> Iterator[Standins]:
    with running_standins() as running:
        yield running


@pytest.fixture
def env(standins: Standins, isolated_env: Path) -> dict[str, str]:
    """The stand-ins' variables and this test's own LIFEMETRICS_HOME."""
    return {**standins.env, "LIFEMETRICS_HOME": str(isolated_env)}


def month_requests(standins: Standins) -> list[str]:
    """Paths of the monthly archives the chess.com stand-in was asked for, in order."""
    return [
        request.path for request in standins.chess.requests if "/games/archives" not in request.path
    ]


def count(home: Path, table: str) -> int:
    with duckdb.connect(str(home / "analytics.duckdb"), read_only=True) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def published_time(home: Path) -> object:
    with duckdb.connect(str(home / "analytics.duckdb"), read_only=True) as connection:
        return connection.execute("SELECT published_at FROM publish_info").fetchone()[0]


def test_run_ingests_both_sources_publishes_and_rebuilds_the_dashboard(
    env: dict[str, str], isolated_env: Path
) -> None:
    first = run_cli("run", env=env)
    assert first.returncode == 0, first.stderr
    for step in ("ingest chess", "ingest oura", "audit", "publish", "dashboard"):
        assert step in first.stdout
    assert "passed" in first.stdout
    assert count(isolated_env, "fct_chess_games") > 0 and count(isolated_env, "daily_health") > 0
    assert (isolated_env / "dashboard" / "index.html").is_file()
    published = published_rows(isolated_env / "analytics.duckdb")

    again = run_cli("run", env=env)
    assert again.returncode == 0, again.stderr
    assert "nothing new since" in again.stdout and "skipped" in again.stdout
    assert f"dashboard: {isolated_env / 'dashboard' / 'index.html'}" in again.stdout
    assert published_rows(isolated_env / "analytics.duckdb") == published


def test_second_run_exits_at_once_naming_the_running_one(
    standins: Standins, env: dict[str, str], isolated_env: Path
) -> None:
    last_month = standins.chess.month_path(PLAYER, standins.months[-1])
    standins.chess.server.inject(last_month, Fault(delay_seconds=600))
    standins.chess.server.clear_log()
    first = cli("run", env=env)
    try:
        while last_month not in month_requests(standins):
            assert first.poll() is None, first.communicate()
            time.sleep(0.05)
        second = run_cli("run", env=env, timeout=60)
        assert second.returncode == 1
        assert f"another lifemetrics command (pid {first.pid}: " in second.stderr
    finally:
        first.kill()
        first.communicate()


def test_failing_source_is_named_and_the_other_is_still_published(
    standins: Standins, env: dict[str, str], isolated_env: Path
) -> None:
    archives = standins.chess.archives_path(PLAYER)
    standins.chess.server.inject(archives, Fault(status=503, times=2))
    result = run_cli(
        "run",
        env={**env, "LIFEMETRICS_HTTP_MAX_ATTEMPTS": "2", "LIFEMETRICS_HTTP_BACKOFF_SECONDS": "0"},
    )
    assert result.returncode == 1
    assert "run failed at: ingest chess" in result.stderr
    assert count(isolated_env, "daily_health") > 0
    assert count(isolated_env, "fct_chess_games") == 0


def test_source_option_ingests_only_that_source(
    standins: Standins, env: dict[str, str], isolated_env: Path
) -> None:
    standins.chess.server.clear_log()
    result = run_cli("run", "--source", "oura", env=env)
    assert result.returncode == 0, result.stderr
    assert standins.chess.requests == []
    assert "ingest chess" not in result.stdout
    assert count(isolated_env, "daily_health") > 0


def test_since_rereads_chess_months_from_that_day_ignoring_etags(
    standins: Standins, env: dict[str, str], isolated_env: Path
) -> None:
    assert run_cli("run", "--source", "chess", env=env).returncode == 0
    months = standins.months
    since = months[-3]
    standins.chess.server.clear_log()
    result = run_cli("run", "--source", "chess", "--since", f"{since}-01", env=env)
    assert result.returncode == 0, result.stderr
    fetched = [r for r in standins.chess.requests if "/games/archives" not in r.path]
    unconditional = {r.path for r in fetched if "if-none-match" not in r.headers}
    assert unconditional == {standins.chess.month_path(PLAYER, month) for month in months[-3:]}


def test_failed_audit_is_named_and_leaves_the_published_tables_as_they_were(
    isolated_env: Path,
) -> None:
    with running_standins() as own:
        env = {**own.env, "LIFEMETRICS_HOME": str(isolated_env)}
        assert run_cli("run", env=env).returncode == 0
        published = published_rows(isolated_env / "analytics.duckdb")
        published_at = published_time(isolated_env)
        # a row-level problem is only set aside now: a duplicated raw game fails a table-level test
        with duckdb.connect(str(isolated_env / "warehouse.duckdb")) as warehouse:
            warehouse.execute(
                "INSERT INTO raw_chess_com.games SELECT * FROM raw_chess_com.games"
                " WHERE uuid = (SELECT min(uuid) FROM raw_chess_com.games)"
            )
        result = run_cli("run", "--full-refresh", env=env)
    assert result.returncode == 1
    assert "run failed at: audit" in result.stderr
    assert "unique_combination_of_columns_stg_chess_com__games" in result.stdout
    assert published_rows(isolated_env / "analytics.duckdb") == published
    assert published_time(isolated_env) == published_at
