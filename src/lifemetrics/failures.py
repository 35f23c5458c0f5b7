"""Failures of the machine rather than of lifemetrics, said as one line the user can act on.

A full disk, a read-only or foreign home, or a DuckDB file another process holds surface deep inside
dlt, dbt or DuckDB, wrapped in their own exceptions (dlt's "check if you configured the credentials",
DuckDB's 177-line fatal error). `explain` finds the cause in an exception's chain and names the path.
"""

from __future__ import annotations

import errno
import os
import pwd
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from lifemetrics.errors import LifemetricsError

# DuckDB: 'Could not set lock on file "/x/warehouse.duckdb": Conflicting lock is held in /usr/bin/python3 (PID 14011)'
_HELD = re.compile(
    r'lock on file "(?P<path>[^"]+)": Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)'
)
# DuckDB: 'Could not write file "/x/analytics.duckdb.tmp-1": No space left on device'
_DUCKDB_PATH = re.compile(
    r'file "(?P<path>[^"]+)": (?P<reason>No space left on device|Read-only file system|Permission denied)'
)
_REASONS = {
    errno.ENOSPC: "No space left on device",
    errno.EROFS: "Read-only file system",
    errno.EACCES: "Permission denied",
    errno.EPERM: "Permission denied",
}
COMMAND_LINE_CHARS = 120


class FileHeld(LifemetricsError):
    """A DuckDB file is held open by another process, so this one cannot write it."""


class MachineFailure(LifemetricsError):
    """The disk is full, or a path is read-only or not ours to write."""


# A Python error as a traceback's last line gives it: 'module.SomeError: what went wrong'.
_ERROR_LINE = re.compile(r"^[\w.]+(?:Error|Exception): .+")


def without_traceback(error: BaseException) -> str:
    """`error`'s text on one line: dlt puts a failed job's whole traceback in its message; that keeps
    the words before it and the error the traceback ends in (its first such line: the root cause)."""
    head, _, trace = str(error).partition("Traceback (most recent call last):")
    lines = (line.strip() for line in trace.splitlines())
    cause = next((line for line in lines if _ERROR_LINE.match(line)), "")
    return " ".join(" ".join(part.split()) for part in (head, cause) if part.strip())


def explain(exc: BaseException, home: Path | None = None) -> LifemetricsError | None:
    """The one-line error a machine failure somewhere in `exc`'s chain means, or None if it is none.

    An OSError that names no file (a write to an open file) is put on `home`, where every file is.
    """
    for error in _chain(exc):
        text = str(error)
        held = _HELD.search(text)
        if held:
            return FileHeld(
                f"{Path(held['path']).name} is open in process {held['pid']} "
                f"({command_line(int(held['pid'])) or held['program']}); close it"
            )
        stated = _DUCKDB_PATH.search(text)
        if stated:
            return machine_failure(Path(stated["path"]), stated["reason"])
        if isinstance(error, OSError) and error.errno in _REASONS and (error.filename or home):
            return machine_failure(Path(error.filename or home), _REASONS[error.errno])
    return None


def machine_failure(path: Path, reason: str) -> MachineFailure:
    """One line naming the path, what is wrong with it and, for a full disk, what is left."""
    if reason == _REASONS[errno.ENOSPC]:
        return MachineFailure(
            f"no space left on the device of {path} ({_free_space(path)} free); "
            "free some space and run again (what was loaded before stays)"
        )
    if reason == _REASONS[errno.EROFS]:
        return MachineFailure(f"cannot write {path}: read-only file system")
    return MachineFailure(f"cannot write {path}: permission denied{_owner_note(path)}")


def command_line(pid: int) -> str | None:
    """A process's command line, shortened to one readable line; None when it cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    text = " ".join(raw.replace(b"\0", b" ").decode("utf-8", "replace").split())
    return text if len(text) <= COMMAND_LINE_CHARS else text[: COMMAND_LINE_CHARS - 3] + "..."


def _owner_note(path: Path) -> str:
    """' (it belongs to user alice)' when `path` exists and is another user's, else ''."""
    try:
        owner = path.stat().st_uid
    except OSError:
        return ""
    if owner == os.getuid():
        return ""
    try:
        name = pwd.getpwuid(owner).pw_name
    except KeyError:
        name = str(owner)
    return f" (it belongs to user {name}; run lifemetrics as that user, or give each user a home)"


def _free_space(path: Path) -> str:
    """Free space on the file system holding `path` (or its nearest existing parent)."""
    existing = next((parent for parent in (path, *path.parents) if parent.exists()), Path("/"))
    free = shutil.disk_usage(existing).free
    return f"{free / 1e6:.1f} MB" if free < 1e9 else f"{free / 1e9:.1f} GB"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc`, then what caused it, then what that was raised during, and so on (each once)."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        error = pending.pop(0)
        if id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        pending += [linked for linked in (error.__cause__, error.__context__) if linked is not None]
