"""LIFEMETRICS_HOME holds a person's health data: it is created readable by its owner only, and so is
every file lifemetrics writes (warehouse, published tables, dashboard pages, tokens, state)."""

from __future__ import annotations

import os
from pathlib import Path

from lifemetrics.errors import LifemetricsError

PRIVATE_UMASK = 0o077  # new files 0600, new directories 0700


class HomeUnusable(LifemetricsError):
    """LIFEMETRICS_HOME cannot be created, or lifemetrics cannot write in it."""


def private_home(home: Path) -> Path:
    """Create `home` (mode 0700) if needed and make every file this process creates owner-only.

    The umask is the process's: a writing command sets it once, before its first file. Raises
    HomeUnusable (one line naming the path) when the home cannot be created or written.
    """
    os.umask(PRIVATE_UMASK)
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise HomeUnusable(f"cannot create LIFEMETRICS_HOME {home}: {exc.strerror}") from None
    if not os.access(home, os.W_OK | os.X_OK):
        reason = "read-only file system" if _read_only_mount(home) else "no write permission"
        raise HomeUnusable(f"cannot write in LIFEMETRICS_HOME {home}: {reason}")
    return home


def _read_only_mount(path: Path) -> bool:
    """True when `path` lies on a file system mounted read-only."""
    return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
