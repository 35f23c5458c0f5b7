"""One pipeline run at a time per LIFEMETRICS_HOME, through an OS file lock on `$LIFEMETRICS_HOME/run.lock`.

The kernel releases an flock when its holder dies, so a crashed or killed run never leaves the lock stuck;
the file itself stays (deleting it would race with the next run) and only names the last holder's pid.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from lifemetrics.errors import LifemetricsError
from lifemetrics.failures import command_line
from lifemetrics.home import private_home

if TYPE_CHECKING:
    from lifemetrics.settings import Settings

LOCK_POLL_SECONDS = 0.5


class RunLocked(LifemetricsError):
    """Another run holds the lock of this LIFEMETRICS_HOME."""


def lock_path(settings: Settings) -> Path:
    """Where the run lock of this home lives."""
    return settings.home / "run.lock"


def _holder_pid(fd: int) -> str:
    """The pid the current holder wrote into the lock file, or 'unknown' while it has not written it yet."""
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 32).decode("ascii", "replace").strip()
    return text if text.isdigit() else "unknown"


def _try_flock(fd: int, wait_seconds: float) -> bool:
    """Take the exclusive lock, polling up to `wait_seconds`; False when another process still holds it."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(LOCK_POLL_SECONDS)


@contextmanager
def run_lock(settings: Settings, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the run lock of `settings.home` for the block; raise RunLocked naming the holder if it is taken.

    Every command that writes in the home takes it (run, demo, ingest, build, dashboard, docs), so two
    never write the warehouse at once. `wait_seconds=0` fails at once (the CLI); Airflow tasks wait,
    since two DAGs may start together.
    """
    path = lock_path(settings)
    private_home(settings.home)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_flock(fd, wait_seconds):
            pid = _holder_pid(fd)
            what = command_line(int(pid)) if pid.isdigit() else None
            raise RunLocked(
                f"another lifemetrics command (pid {pid}{f': {what}' if what else ''}) is using "
                f"{settings.home}; it holds {path} until it ends: wait for it, then run this again"
            )
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
