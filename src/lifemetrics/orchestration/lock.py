"""One pipeline run at a time per LIFEMETRICS_HOME, through an OS file lock on `$LIFEMETRICS_HOME/run.lock`.

The kernel releases an flock when its holder dies, so a crashed or killed run never leaves the lock stuck;
the file itself stays (deleting it would race with the next run) and only names the last holder's pid.

A brief holder (`lifemetrics watch`, which takes the lock only for the moment of writing a poll's samples)
marks itself in the file: a command that finds the lock taken by a brief holder waits for it to end
(up to BRIEF_HOLD_WAIT_SECONDS) instead of failing at once.
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
BRIEF_HOLD_WAIT_SECONDS = 60.0  # a brief hold writes one poll's samples: seconds, never minutes
BRIEF_MARK = "brief"


class RunLocked(LifemetricsError):
    """Another run holds the lock of this LIFEMETRICS_HOME."""


def lock_path(settings: Settings) -> Path:
    """Where the run lock of this home lives."""
    return settings.home / "run.lock"


def _holder(fd: int) -> tuple[str, bool]:
    """The pid the current holder wrote into the lock file ('unknown' while it has not written it yet),
    and whether it marked its hold as brief."""
    os.lseek(fd, 0, os.SEEK_SET)
    words = os.read(fd, 32).decode("ascii", "replace").split()
    pid = words[0] if words and words[0].isdigit() else "unknown"
    return pid, BRIEF_MARK in words[1:]


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


def _brief_hold_ended(fd: int) -> bool:
    """True when the lock, held by a brief holder, was taken once that holder let it go."""
    pid, brief = _holder(fd)
    if pid == "unknown":  # the holder took it a moment ago and has not written its pid yet
        if _try_flock(fd, LOCK_POLL_SECONDS):
            return True
        pid, brief = _holder(fd)
    return brief and _try_flock(fd, BRIEF_HOLD_WAIT_SECONDS)


@contextmanager
def run_lock(settings: Settings, wait_seconds: float = 0.0, brief: bool = False) -> Iterator[None]:
    """Hold the run lock of `settings.home` for the block; raise RunLocked naming the holder if it is taken.

    Every command that writes in the home takes it (run, demo, ingest, build, dashboard, docs), so two
    never write the warehouse at once. `wait_seconds=0` fails at once (the CLI); Airflow tasks wait,
    since two DAGs may start together. A holder taken by a `brief` holder is waited for in any case.
    """
    path = lock_path(settings)
    private_home(settings.home)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_flock(fd, wait_seconds) and not _brief_hold_ended(fd):
            pid, _ = _holder(fd)
            what = command_line(int(pid)) if pid.isdigit() else None
            raise RunLocked(
                f"another lifemetrics command (pid {pid}{f': {what}' if what else ''}) is using "
                f"{settings.home}; it holds {path} until it ends: wait for it, then run this again"
            )
        os.ftruncate(fd, 0)
        mark = f" {BRIEF_MARK}" if brief else ""
        os.pwrite(fd, f"{os.getpid()}{mark}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
