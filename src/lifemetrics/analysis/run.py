"""`analyse_chess`: analyse the tracked players' standard games not analysed yet, newest first, with one engine
process per worker thread (one per core by default), writing each game to the warehouse as it is finished.

Deterministic by default: each engine searches with one thread and a fixed node count (or depth), and its
hash is cleared at every game, so a game gets the same evaluations whichever worker analyses it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

import lifemetrics.analysis.store as store
from lifemetrics.analysis.engine import describe_limit, find_engine, search_limit
from lifemetrics.analysis.errors import UnreadableGame
from lifemetrics.analysis.game import AnalysedGame, GameToAnalyse, Stopped, analyse_game
from lifemetrics.analysis.pool import ENGINE_DIED, EnginePool
from lifemetrics.analysis.warehouse import brief_connection
from lifemetrics.errors import ConfigError
from lifemetrics.settings import Settings

PGN_BATCH = 64  # pending games whose PGN is read from the warehouse at a time
TICK_SECONDS = 0.5  # how often progress is reported while games are under way


@dataclass(frozen=True)
class AnalysisProgress:
    """Where an analysis stands: games finished of the games it set out to do, positions evaluated so far."""

    games_done: int
    games_total: int
    positions: int
    seconds: float

    @property
    def positions_per_second(self) -> float:
        """Positions evaluated per second of wall time, all engines together."""
        return self.positions / self.seconds if self.seconds > 0 else 0.0


@dataclass
class AnalysisReport:
    """What one analysis run did; `left` is how many pending games it did not get to."""

    analysed: int = 0
    unreadable: int = 0
    failed: list[str] = field(default_factory=list)
    positions: int = 0
    seconds: float = 0.0
    workers: int = 0
    engine: str = ""
    limit: str = ""
    left: int = 0
    budget_spent: bool = False

    @property
    def positions_per_second(self) -> float:
        """Positions evaluated per second of wall time, all engines together."""
        return self.positions / self.seconds if self.seconds > 0 else 0.0


class _Counter:
    """A count the worker threads add to."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def tick(self) -> None:
        with self._lock:
            self.value += 1


def worker_count(settings: Settings, games: int) -> int:
    """Engine processes to run: the setting, or one per core; never more than there are games."""
    wanted = settings.analysis_workers or os.cpu_count() or 1
    return max(1, min(wanted, games))


def analyse_chess(
    settings: Settings,
    max_games: int | None = None,
    time_budget: float | None = None,
    on_progress: Callable[[AnalysisProgress], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> AnalysisReport:
    """Analyse up to `max_games` pending games, stopping cleanly once `time_budget` seconds are spent.

    Raises EngineNotFound (with how to install one) before touching anything when there is no engine.
    """
    if not settings.chess_usernames:
        raise ConfigError("set LIFEMETRICS_CHESS_USERNAMES: the players whose games to analyse")
    engine_path = find_engine(settings.engine_path)
    started = clock()
    deadline = started + time_budget if time_budget is not None else None
    with brief_connection(settings.warehouse_path) as connection:
        store.create_tables(connection)
        pending = store.pending_games(connection, settings.chess_usernames)
    todo = pending if max_games is None else pending[:max_games]
    report = AnalysisReport(
        limit=describe_limit(settings.analysis_nodes, settings.analysis_depth), left=len(pending)
    )
    if not todo or (deadline is not None and clock() >= deadline):
        report.budget_spent = bool(todo)
        return report
    report.workers = worker_count(settings, len(todo))
    with EnginePool(engine_path, report.workers) as pool:
        report.engine = pool.name
        run = store.AnalysisRun(
            load_id=f"{time.time():.6f}",
            engine=pool.name,
            limit_nodes=None if settings.analysis_depth else settings.analysis_nodes,
            limit_depth=settings.analysis_depth,
        )
        _analyse_all(settings, pool, run, todo, deadline, report, on_progress, clock, started)
    report.seconds = clock() - started
    report.left = len(pending) - report.analysed - report.unreadable
    return report


def _pgn_batches(settings: Settings, todo: list[store.PendingGame]) -> Iterator[GameToAnalyse]:
    """The games to analyse with their PGN, read PGN_BATCH at a time (a long history never sits in memory)."""
    for start in range(0, len(todo), PGN_BATCH):
        with brief_connection(settings.warehouse_path) as connection:
            games = store.read_games(connection, todo[start : start + PGN_BATCH])
        yield from games


def _analyse_all(
    settings: Settings,
    pool: EnginePool,
    run: store.AnalysisRun,
    todo: list[store.PendingGame],
    deadline: float | None,
    report: AnalysisReport,
    on_progress: Callable[[AnalysisProgress], None] | None,
    clock: Callable[[], float],
    started: float,
) -> None:
    """Keep every engine busy, write each finished game as it comes back, report progress every tick."""
    limit = search_limit(settings.analysis_nodes, settings.analysis_depth)
    stop = threading.Event()
    positions = _Counter()
    games = _pgn_batches(settings, todo)

    def analyse(game: GameToAnalyse) -> AnalysedGame:
        with pool.engine() as engine:
            return analyse_game(engine, game, limit, stop.is_set, positions.tick, clock)

    in_flight: dict[Future[AnalysedGame], GameToAnalyse] = {}
    with ThreadPoolExecutor(max_workers=report.workers, thread_name_prefix="engine") as executor:
        try:
            while True:
                if deadline is not None and clock() >= deadline and not stop.is_set():
                    stop.set()
                    report.budget_spent = True
                while not stop.is_set() and len(in_flight) < 2 * report.workers:
                    game = next(games, None)
                    if game is None:
                        break
                    in_flight[executor.submit(analyse, game)] = game
                if not in_flight:
                    break
                done, _ = wait(in_flight, timeout=TICK_SECONDS, return_when=FIRST_COMPLETED)
                _write_finished(
                    settings, run, [(in_flight.pop(future), future) for future in done], report
                )
                report.positions = positions.value
                if on_progress:
                    on_progress(
                        AnalysisProgress(
                            report.analysed + report.unreadable,
                            len(todo),
                            positions.value,
                            clock() - started,
                        )
                    )
        except BaseException:
            stop.set()  # workers give up their game at the next position; what was written stays
            raise


def _write_finished(
    settings: Settings,
    run: store.AnalysisRun,
    finished: list[tuple[GameToAnalyse, Future[AnalysedGame]]],
    report: AnalysisReport,
) -> None:
    """Write the games that came back, each in its own transaction, in one brief warehouse connection."""
    outcomes = []
    for game, future in finished:
        try:
            outcomes.append((game, future.result(), None))
        except Stopped:
            continue
        except UnreadableGame as exc:
            outcomes.append((game, None, str(exc)))
        except ENGINE_DIED as exc:
            report.failed.append(f"{game.uuid}: the engine died ({exc or type(exc).__name__})")
    if not outcomes:
        return
    with brief_connection(settings.warehouse_path) as connection:
        for game, analysed, reason in outcomes:
            if analysed is not None:
                store.save_analysed(connection, analysed, run)
                report.analysed += 1
            else:
                store.save_unreadable(connection, game, reason or "unreadable", run)
                report.unreadable += 1
