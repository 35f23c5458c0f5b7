"""LIFEMETRICS_HOME as users really have it: a path with an apostrophe, spaces and non-ASCII letters
still publishes, the home and everything in it is private, and a home that cannot be used is one line."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from run_support import LIFEMETRICS, running_standins

HOSTILE_DIR = "o'neill's data é ü 日本"


@pytest.fixture(scope="module")
def hostile_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, subprocess.CompletedProcess[str]]]:
    """One `lifemetrics run` (usual umask 022) into a home under a hostile directory name."""
    home = tmp_path_factory.mktemp("hostile") / HOSTILE_DIR / "home"
    with running_standins() as standins:
        env = {
            **os.environ,
            **standins.env,
            "LIFEMETRICS_HOME": str(home),
            "LIFEMETRICS_CONFIG": os.devnull,
        }
        result = subprocess.run(
            [LIFEMETRICS, "run"], env=env, capture_output=True, text=True, timeout=600, umask=0o022
        )
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


@contextmanager
def tmpfs(where: Path, size_kb: int, read_only: bool = False) -> Iterator[Path]:
    """A small tmpfs mounted at `where` for the block (a disk that fills, or a read-only one): root only."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    where.mkdir(parents=True, exist_ok=True)
    options = f"size={size_kb}k,mode=0755" + (",ro" if read_only else "")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def run_in(home: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`lifemetrics run` into `home` with the stand-ins' variables."""
    return subprocess.run(
        [LIFEMETRICS, "run"],
        env={**os.environ, **env, "LIFEMETRICS_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_said_in_one_line(result: subprocess.CompletedProcess[str], text: str) -> None:
    """The command failed without a traceback, and stderr's last line says `text`."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    assert text in " ".join((result.stdout + result.stderr).split()), result.stdout + result.stderr


def test_a_full_disk_during_ingest_is_one_line_naming_the_home(tmp_path: Path) -> None:
    with running_standins() as standins, tmpfs(tmp_path / "small", 6 * 1024) as small:
        result = run_in(small / "home", standins.env)
    assert_said_in_one_line(result, f"no space left on the device of {small / 'home'}")
    assert len(result.stderr.strip().splitlines()) < 10, result.stderr


def test_a_full_disk_at_publish_names_the_file(hostile_run, tmp_path: Path) -> None:
    home, result = hostile_run
    assert result.returncode == 0
    warehouse = (home / "warehouse.duckdb").stat().st_size
    analytics = (home / "analytics.duckdb").stat().st_size
    with tmpfs(tmp_path / "small", (warehouse + analytics // 3) // 1024) as small:
        shutil.copy(home / "warehouse.duckdb", small / "warehouse.duckdb")
        (small / "dbt").mkdir()
        shutil.copy(home / "dbt" / "last_build.json", small / "dbt")  # the audit that passed
        publish = subprocess.run(
            [sys.executable, "-c", PUBLISH.format(home=str(small))],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert publish.returncode == 0, publish.stderr
    assert publish.stdout.startswith(
        f"no space left on the device of {small}/analytics.duckdb.tmp-"
    )


PUBLISH = """
from lifemetrics.failures import explain
from lifemetrics.orchestration.steps import publish
from lifemetrics.settings import load_settings
try:
    publish(load_settings(home={home!r}))
except Exception as exc:
    print(explain(exc))
"""


# The home is checked before anything else: no request is ever sent to this unused address.
NOTHING_SERVED = {
    "LIFEMETRICS_CHESS_USERNAMES": "test_player",
    "LIFEMETRICS_CONTACT": "t@example.org",
    "LIFEMETRICS_CHESS_API_URL": "http://127.0.0.1:9/pub",
}


def test_a_read_only_home_is_one_line(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", 1024, read_only=True) as read_only:
        result = run_in(read_only, NOTHING_SERVED)
        missing = run_in(read_only / "home", NOTHING_SERVED)
    assert_said_in_one_line(
        result, f"cannot write in LIFEMETRICS_HOME {read_only}: read-only file system"
    )
    assert_said_in_one_line(
        missing, f"cannot create LIFEMETRICS_HOME {read_only / 'home'}: Read-only file system"
    )


def test_a_home_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    result = run_in(tmp_path / "a-file" / "home", NOTHING_SERVED)
    assert_said_in_one_line(
        result, f"cannot create LIFEMETRICS_HOME {tmp_path / 'a-file' / 'home'}: Not a directory"
    )
