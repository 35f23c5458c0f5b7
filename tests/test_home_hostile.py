"""LIFEMETRICS_HOME as users really have it: a path with an apostrophe, spaces and non-ASCII letters
still publishes, the home and everything in it is private, and a home that cannot be used is one line."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from run_support import LIFEMETRICS, running_standins

HOSTILE_DIR = "o'neill's data é ü 日本"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, subprocess.CompletedProcess[str]]]:
    """One `lifemetrics run` (usual umask 022) into a home under a hostile directory name."""
    home = tmp_path_factory.mktemp("hostile") / HOSTILE_DIR / "home"
    with running_standins() as standins:
        env = {**os.environ, **standins.env, "LIFEMETRICS_HOME": str(home), "LIFEMETRICS_CONFIG": os.devnull}
        result = subprocess.run([LIFEMETRICS, "run"], env=env, capture_output=True, text=True, timeout=600,
                                umask=0o022)
    yield home, result


def test_a_home_with_quote_space_and_non_ascii_publishes_everything(hostile_run) -> None:
    home, result = hostile_run
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    with duckdb.connect(str(home / "analytics.duckdb"), read_only=True) as connection:
        (games,) = connection.execute("SELECT count(*) FROM fct_chess_games").fetchone()
        (days,) = connection.execute("SELECT count(*) FROM daily_health").fetchone()
    assert games > 0 and days > 0
    assert (home / "dashboard" / "index.html").is_file()


def test_the_home_is_0700_and_every_file_in_it_0600(hostile_run) -> None:
    home, result = hostile_run
    assert result.returncode == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    entries = [home, *home.rglob("*")]
    assert len(entries) > 20
    modes = {path: stat.S_IMODE(path.lstat().st_mode) for path in entries if not path.is_symlink()}
    open_to_others = {str(path): oct(mode) for path, mode in modes.items() if mode & 0o077}
    assert open_to_others == {}
    for name in ("warehouse.duckdb", "analytics.duckdb", "dashboard/index.html", "run.lock"):
        assert modes[home / name] == 0o600, name
