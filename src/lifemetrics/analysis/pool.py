"""A pool of running engines, one per worker thread: a worker borrows one for a game and gives it back.

An engine that dies during a game is replaced by a fresh one, so one crash costs one game, not the run.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import chess.engine

from lifemetrics.analysis.engine import engine_name, open_engine

ENGINE_DIED = (chess.engine.EngineTerminatedError, chess.engine.EngineError)
QUIT_TIMEOUT_SECONDS = 5.0


class EnginePool:
    """`size` engines started from `path`; closed (quit, or killed if they hang) on exit."""

    def __init__(self, path: Path, size: int) -> None:
        self._path = path
        self._idle: queue.Queue[chess.engine.SimpleEngine] = queue.Queue()
        self._all: list[chess.engine.SimpleEngine] = []
        try:
            for _ in range(size):
                self._add(open_engine(path))
        except BaseException:
            self.close()
            raise
        self.name = engine_name(self._all[0])

    def __enter__(self) -> EnginePool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def engine(self) -> Iterator[chess.engine.SimpleEngine]:
        """Borrow an idle engine for a block; if it died in the block, a fresh one takes its place."""
        engine = self._idle.get()
        try:
            yield engine
        except ENGINE_DIED:
            self._retire(engine)
            self._all.remove(engine)
            engine = open_engine(
                self._path
            )  # EngineFailed here ends the run: the engine cannot start again
            self._all.append(engine)
            raise
        finally:
            self._idle.put(engine)

    def close(self) -> None:
        """Quit every engine the pool started."""
        for engine in self._all:
            self._retire(engine)
        self._all.clear()

    def _add(self, engine: chess.engine.SimpleEngine) -> None:
        self._all.append(engine)
        self._idle.put(engine)

    def _retire(self, engine: chess.engine.SimpleEngine) -> None:
        try:
            engine.quit()
        except (*ENGINE_DIED, TimeoutError, OSError):
            engine.close()
