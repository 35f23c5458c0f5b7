"""One pass over players and months, requests strictly serial: fetch, turn each loaded month into a table
(in worker processes on a long walk: `month_tables`), report, in the months' order.

A run first asks every player's archives list, then walks the months of players loaded before (current,
previous, unsettled, new: merged, each month replacing that month's games), then the months of players
never loaded (appended: none of their games can be in the table yet, which spares the merge's staging
copy on a first, big load). Each walk is handed out in batches of about `batch_rows` games, one dlt load
each: a long history streams into the warehouse with bounded memory, and every finished batch is kept
even if a later one fails.

A game chess.com lists in two months is kept once, with its later month: that listing is the newer copy
(the later month is the one still re-read while the earlier has settled). Months are walked newest first,
so a walk meets the later listing first, and a month loaded after a later one drops the games that one
already holds (`listed_later`).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import pyarrow as pa

from lifemetrics.progress import Progress, Tick
from lifemetrics.sources.chess_com.archives import (
    is_settled,
    months_to_request,
    parse_archive_list,
)
from lifemetrics.sources.chess_com.client import ChessComClient, Validators
from lifemetrics.sources.chess_com.errors import (
    ArchiveNotFound,
    FetchFailed,
    MalformedArchive,
    RunStopped,
)
from lifemetrics.sources.chess_com.games_table import drop_games, month_removal
from lifemetrics.sources.chess_com.month_tables import MonthTables, worker_count
from lifemetrics.sources.report import IngestReport, UnitResult, UnitStatus

SOURCE = "chess_com"
BATCH_ROWS = 50_000
# Month tables go to dlt in lists of about this many games: dlt's work per item (hints, table schema,
# contract filters) is then paid per list, not per month.
HAND_ROWS = 5_000
log = logging.getLogger("lifemetrics.chess_com")

ListedLater = Callable[[str, str], set[str]]  # (player, month) -> uuids raw holds from later months
MonthState = dict[str, Any]  # url, etag, last_modified, fetched_at (ISO), games
ArchivesState = dict[str, dict[str, MonthState]]  # player -> 'YYYY-MM' -> MonthState


@dataclass(frozen=True)
class MonthOutcome:
    """What one month request gave: its report line, and the validators and table when it succeeded."""

    url: str
    result: UnitResult
    validators: Validators | None = None
    table: pa.Table | None = None


@dataclass
class PlayerPlan:
    """A player's months to request this run: `known` (merged) when any month of the player was loaded
    before, else `new` (appended)."""

    player: str
    known: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    done: int = 0

    @property
    def total(self) -> int:
        return len(self.known) + len(self.new)


@dataclass(frozen=True)
class PendingMonth:
    """A month requested in a walk: its outcome when the request alone decided it (unchanged, missing,
    failed), else the response's validators and its table to come."""

    plan: PlayerPlan
    month: str
    url: str
    outcome: MonthOutcome | None = None
    validators: Validators | None = None
    table: Future[pa.Table] | None = None


class ArchiveRun:
    """Walks players and their months one request at a time, handing out an Arrow table per loaded month.

    Per-month problems (404, retries exhausted, malformed JSON) are reported and the run goes on; a
    RunStopped (403, 410) ends the walk and is kept in `stopped` for the caller to raise after loading.
    """

    def __init__(
        self,
        client: ChessComClient,
        players: list[str],
        report: IngestReport,
        now: datetime,
        progress: Progress | None = None,
        batch_rows: int = BATCH_ROWS,
        since: str | None = None,
        listed_later: ListedLater | None = None,
        workers: int = 0,
    ) -> None:
        self.client = client
        self.workers = workers  # processes building month tables (0: one per core)
        self.listed_later = listed_later or (lambda player, month: set())
        self.players = players
        self.since = (
            since  # 'YYYY-MM': months from then on are re-read in full, stored validators ignored
        )
        self.report = report
        self.now = now
        self.progress = progress
        self.batch_rows = batch_rows
        self.stopped: RunStopped | None = None
        self.appending = False  # False: the walk over months loaded before; True: over new months
        self.finished = False
        self._plans: list[PlayerPlan] = []
        self._walk: Iterator[tuple[str, pa.Table]] | None = None
        self._seen: dict[str, set[str]] = {}
        self._state: ArchivesState = {}

    def plan(self, archives_state: ArchivesState) -> None:
        """Ask each player's archives list and split the months to request into the two walks.

        `archives_state` is what earlier runs stored (read only). A walk without months is skipped: a
        first back-fill is one walk of appends, a daily run one walk of merges.
        """
        self._state = archives_state
        self._plans = self._plan_players()
        self.appending = not any(plan.known for plan in self._plans)
        self.finished = self.stopped is not None or not any(plan.total for plan in self._plans)

    def next_batch(self, archives_state: ArchivesState) -> Iterator[list[pa.Table]]:
        """Lists of month tables until about `batch_rows` games, each (player, uuid) once per load (the
        merge relies on it).

        `archives_state` is the dlt state of this batch's load: validators of each month are written into
        it before its table is handed out, so state and data always land in the same load.
        """
        self._state = archives_state
        if self._walk is None:
            self._walk = self._walk_months()
            self._seen = {}
        elif not self.appending:
            self._seen = {}  # each merge load only needs its own games once; appends need the whole walk's
        rows = pending = 0
        tables: list[pa.Table] = []
        for player, table in self._walk:
            tables.append(drop_games(table, self._seen.setdefault(player, set())))
            rows += tables[-1].num_rows
            pending += tables[-1].num_rows
            if pending >= HAND_ROWS or rows >= self.batch_rows:
                yield one_table(tables)
                tables, pending = [], 0
            if rows >= self.batch_rows:
                return
        if tables:
            yield one_table(tables)
        self._walk = None
        self.finished = (
            self.appending or self.stopped is not None or not any(plan.new for plan in self._plans)
        )
        self.appending = True

    def _plan_players(self) -> list[PlayerPlan]:
        """Ask each player's archives list (one request each) and split the months to request."""
        plans = []
        for player in self.players:
            try:
                plan = self._plan_player(player)
            except RunStopped as exc:
                self._stop(exc)
                break
            if plan is not None:
                plans.append(plan)
                self._notify(Tick(SOURCE, player, 0, plan.total))
        return plans

    def _plan_player(self, player: str) -> PlayerPlan | None:
        try:
            fetched = self.client.fetch(self.client.archives_url(player))
            archive_months = parse_archive_list(fetched.body, fetched.url)
        except (ArchiveNotFound, FetchFailed, MalformedArchive) as exc:
            detail = (
                f"no chess.com player {player!r} ({exc})"
                if isinstance(exc, ArchiveNotFound)
                else str(exc)
            )
            self._finish(
                player,
                0,
                0,
                UnitResult(SOURCE, f"{player} archives", UnitStatus.FAILED, detail=detail),
            )
            return None
        known = self._state.get(player, {})
        fetched_at = {
            month: datetime.fromisoformat(state["fetched_at"]) for month, state in known.items()
        }
        plan = PlayerPlan(player)
        months = sorted(
            months_to_request(archive_months, fetched_at, self.now, self.since), reverse=True
        )
        (plan.known if known else plan.new).extend(months)
        return plan

    def _walk_months(self) -> Iterator[tuple[str, pa.Table]]:
        """(player, table) of each month of this walk that loaded, in order; stops on RunStopped.

        Requests go out one at a time; each response's table is built by a worker (when the walk is
        long) while the next months are requested, at most `2 x workers` months ahead.
        """
        if self.stopped is not None:
            return
        months = [
            (plan, month)
            for plan in self._plans
            for month in (plan.new if self.appending else plan.known)
        ]
        with MonthTables(worker_count(self.workers, len(months))) as tables:
            pending: deque[PendingMonth] = deque()
            for plan, month in months:
                try:
                    pending.append(self._request_month(plan, month, tables))
                except RunStopped as exc:
                    self._stop(exc)
                    break
                while len(pending) > 2 * tables.workers:
                    yield from self._finish_month(pending.popleft())
            while pending:
                yield from self._finish_month(pending.popleft())

    def _request_month(self, plan: PlayerPlan, month: str, tables: MonthTables) -> PendingMonth:
        """GET one month (conditionally when it was loaded before) and hand its body to `tables`."""
        unit = f"{plan.player} {month}"
        reread = self.since is not None and month >= self.since
        known = None if reread else self._state.get(plan.player, {}).get(month)
        url = self.client.month_url(plan.player, month)
        validators = Validators(known.get("etag"), known.get("last_modified")) if known else None
        try:
            fetched = self.client.fetch(url, validators)
        except ArchiveNotFound as exc:
            missing = UnitResult(SOURCE, unit, UnitStatus.MISSING, detail=str(exc))
            return PendingMonth(plan, month, url, MonthOutcome(url, missing))
        except (FetchFailed, MalformedArchive) as exc:
            return PendingMonth(plan, month, url, self._failed(url, unit, exc))
        if fetched.not_modified:
            unchanged = UnitResult(SOURCE, unit, UnitStatus.NOT_MODIFIED)
            return PendingMonth(plan, month, url, MonthOutcome(url, unchanged, fetched.validators))
        table = tables.submit(fetched.body, url, plan.player, month)
        return PendingMonth(plan, month, url, validators=fetched.validators, table=table)

    def _finish_month(self, pending: PendingMonth) -> Iterator[tuple[str, pa.Table]]:
        """Remember a month's validators in the current state, report it; (player, table) if loaded."""
        plan, outcome = pending.plan, self._outcome(pending)
        months_state = self._state.setdefault(plan.player, {})
        if outcome.validators is not None:
            months_state[pending.month] = self._remember(
                pending.month, months_state.get(pending.month), outcome
            )
        plan.done += 1
        self._finish(plan.player, plan.done, plan.total, outcome.result)
        if outcome.table is not None and outcome.table.num_rows:
            yield plan.player, outcome.table

    def _outcome(self, pending: PendingMonth) -> MonthOutcome:
        """What a month gave once its table is built (or failed to be)."""
        if pending.table is None:
            assert pending.outcome is not None  # decided by the request
            return pending.outcome
        player, month = pending.plan.player, pending.month
        unit = f"{player} {month}"
        try:
            table = pending.table.result()
        except MalformedArchive as exc:
            return self._failed(pending.url, unit, exc)
        except BrokenProcessPool:
            return self._failed(pending.url, unit, "the process reading it stopped")
        if not self.appending:
            table = drop_games(table, self.listed_later(player, month))
        result = UnitResult(SOURCE, unit, UnitStatus.LOADED, rows=table.num_rows)
        if not table.num_rows and not self.appending:
            table = month_removal(player, month)  # its games loaded before go
        return MonthOutcome(pending.url, result, pending.validators, table)

    def _failed(self, url: str, unit: str, reason: Exception | str) -> MonthOutcome:
        """A month that failed: logged and reported, its validators never remembered."""
        log.error("chess.com month %s failed: %s", unit, reason)
        return MonthOutcome(url, UnitResult(SOURCE, unit, UnitStatus.FAILED, detail=str(reason)))

    def _remember(self, month: str, known: MonthState | None, outcome: MonthOutcome) -> MonthState:
        """State of a month that loaded or was unchanged: its validators and when it was last seen.

        Failed months are never remembered, so the next run requests them again in full. A month
        unchanged since the state was written keeps that state as it is unless this fetch settles it:
        its time serves only to tell whether the month settled, so a run that finds nothing new
        changes no state and has nothing to load.
        """
        validators = outcome.validators or Validators()
        state = dict(known or {})
        state["url"] = outcome.url
        state["etag"] = validators.etag or state.get("etag")
        state["last_modified"] = validators.last_modified or state.get("last_modified")
        state["fetched_at"] = self.now.isoformat()
        if outcome.result.status is UnitStatus.LOADED:
            state["games"] = outcome.result.rows
        elif known is not None and self._settles_nothing(month, known, state):
            return known
        return state

    def _settles_nothing(self, month: str, known: MonthState, state: MonthState) -> bool:
        """Whether `state` differs from `known` only in a fetch time that does not settle the month."""
        if "fetched_at" not in known or {**state, "fetched_at": known["fetched_at"]} != known:
            return False
        before = is_settled(month, datetime.fromisoformat(known["fetched_at"]))
        return before == is_settled(month, self.now)

    def _stop(self, exc: RunStopped) -> None:
        log.error("chess.com run stopped: %s", exc)
        self.stopped = exc

    def _finish(self, player: str, done: int, total: int, result: UnitResult) -> None:
        """Record one unit in the report and tell the caller."""
        self.report.add(result)
        rows = f" ({result.rows} games)" if result.rows else ""
        month = result.unit.removeprefix(f"{player} ")
        self._notify(Tick(SOURCE, player, done, total, f"{month} {result.status.value}{rows}"))

    def _notify(self, tick: Tick) -> None:
        """Hand a tick to the caller's progress callback, if any."""
        if self.progress is not None:
            self.progress(tick)


def one_table(tables: list[pa.Table]) -> pa.Table | list[pa.Table]:
    """The month tables as one table (no copy), so dlt normalizes and writes it once; the list itself
    when their columns disagree (a field the API added, typed differently in two months)."""
    try:
        return pa.concat_tables(tables, promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return tables


def utc_now() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(timezone.utc)
