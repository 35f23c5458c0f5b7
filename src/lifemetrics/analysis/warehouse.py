"""Brief connections to warehouse.duckdb: opened for one read or one write and closed at once, so other steps
can use the file between games; while another process holds it, opening is retried for a while."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from lifemetrics.analysis.errors import AnalysisError

WAIT_SECONDS = 300.0
POLL_SECONDS = 0.2


@contextmanager
def brief_connection(
    path: Path, wait_seconds: float = WAIT_SECONDS
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to `path` for one block; AnalysisError if the file stays held `wait_seconds`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            connection = duckdb.connect(str(path))
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise AnalysisError(
                    f"cannot open the warehouse {path}: {' '.join(str(exc).split())}"
                ) from None
            if time.monotonic() >= deadline:
                raise AnalysisError(
                    f"the warehouse {path} was held by another process for {wait_seconds:.0f} s; "
                    "the games analysed so far are kept"
                ) from None
            time.sleep(POLL_SECONDS)
    try:
        yield connection
    finally:
        connection.close()
