"""A home or a run lock that belongs to another user is one line naming the path and its owner, run as
that other user for real (`nobody`, through the system's Python 3.11 and this checkout's packages)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from lifemetrics.home import private_home

SYSTEM_PYTHON = Path("/usr/bin/python3.11")
SOURCE = Path(__file__).resolve().parents[1] / "src"
MAIN = "import sys; from lifemetrics.cli.main import main; sys.argv[0] = 'lifemetrics'; main()"


@pytest.fixture()
def shared_dir() -> Iterator[Path]:
    """A directory every user may enter and write (as /tmp is), removed afterwards."""
    if os.geteuid() != 0 or not SYSTEM_PYTHON.exists():
        pytest.skip("needs root (to run a command as nobody) and the system's Python 3.11")
    path = Path(tempfile.mkdtemp(prefix="lifemetrics-shared-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path)


def as_nobody(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """`lifemetrics <args>` run by the user nobody with `home` as LIFEMETRICS_HOME."""
    nobody = pwd.getpwnam("nobody")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/nonexistent",
        "LIFEMETRICS_HOME": str(home),
        "LIFEMETRICS_CONFIG": os.devnull,
        "LIFEMETRICS_TIMEZONE": "UTC",
        "LIFEMETRICS_CHESS_USERNAMES": "test_player",
        "LIFEMETRICS_CONTACT": "t@example.org",
        "LIFEMETRICS_CHESS_API_URL": "http://127.0.0.1:9/pub",
        "PYTHONPATH": f"{SOURCE}:{sysconfig.get_paths()['purelib']}",
    }
    return subprocess.run(
        [str(SYSTEM_PYTHON), "-c", MAIN, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        user=nobody.pw_uid,
        group=nobody.pw_gid,
        cwd="/",
    )


def test_another_users_home_is_one_line(shared_dir: Path) -> None:
    home = private_home(shared_dir / "home")  # root's, 0700
    result = as_nobody("run", home=home)
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"error: cannot write in LIFEMETRICS_HOME {home}: no write permission"
    )


def test_another_users_run_lock_is_one_line_naming_its_owner(shared_dir: Path) -> None:
    home = shared_dir / "home"
    home.mkdir()
    home.chmod(0o777)  # a home shared on purpose, whose run lock root holds (0600)
    (home / "run.lock").write_text("1\n")
    (home / "run.lock").chmod(0o600)
    result = as_nobody("build", home=home)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        f"error: cannot write {home / 'run.lock'}: permission denied (it belongs to user root; "
        "run lifemetrics as that user, or give each user a home)"
    ), result.stderr
