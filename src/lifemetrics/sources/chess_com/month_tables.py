"""Month responses into Arrow tables, in worker processes while the main process fetches and loads.

Parsing a month's JSON and reading every game's PGN is most of a back-fill's CPU; the requests stay
serial and in the main process (chess.com asks for one at a time), dlt's extract and DuckDB's load too.
Workers are forked when the first month is submitted, after the opening namer is built, so they share
it and every import; a walk hands out tables in the order its months were submitted.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType

import pyarrow as pa

from lifemetrics.sources.chess_com.month_arrow import month_table

# A walk with fewer months than this builds its tables in the main process (a daily run asks a few
# months: forking workers would cost more than it saves).
POOL_MIN_MONTHS = 8


def worker_count(wanted: int, months: int) -> int:
    """Worker processes for a walk of `months` months: `wanted` (0: one per core), none for few months."""
    if months < POOL_MIN_MONTHS:
        return 0
    workers = wanted or os.cpu_count() or 1
    return workers if workers > 1 else 0


class MonthTables:
    """Builds month tables in `workers` forked processes, or in this one when `workers` is 0."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, body: bytes, url: str, player: str, month: str) -> Future[pa.Table]:
        """The table of one month, built now (no workers) or by a worker (the future's result)."""
        if not self.workers:
            done: Future[pa.Table] = Future()
            try:
                done.set_result(month_table(body, url, player, month))
            except Exception as exc:  # noqa: BLE001 - handed to the caller through the future
                done.set_exception(exc)
            return done
        return self._started().submit(month_table, body, url, player, month)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # imported here, with python-chess: a walk without workers may never need it
            from lifemetrics.openings.namer import shipped_namer

            shipped_namer()  # built once here, shared by every forked worker
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork")
            )
        return self._pool

    def close(self) -> None:
        """Stop the workers (pending tables are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> MonthTables:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
