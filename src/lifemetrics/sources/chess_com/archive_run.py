"""One pass over players and months, strictly serial: fetch, turn each loaded month into a table, report.

The pass is consumed in batches (one dlt load each, about `batch_rows` games), so a long history streams
into the warehouse with bounded memory and every finished batch is kept even if a later one fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pyarrow as pa

from lifemetrics.sources.chess_com.archives import months_to_request, parse_archive_list
from lifemetrics.sources.chess_com.client import ChessComClient, Validators
from lifemetrics.sources.chess_com.errors import ArchiveNotFound, FetchFailed, MalformedArchive, RunStopped
from lifemetrics.sources.chess_com.games_table import drop_games, games_table, parse_month_games
from lifemetrics.sources.report import IngestReport, UnitResult, UnitStatus

SOURCE = "chess_com"
BATCH_ROWS = 50_000
log = logging.getLogger("lifemetrics.chess_com")

MonthState = dict[str, Any]  # url, etag, last_modified, fetched_at (ISO), games
ArchivesState = dict[str, dict[str, MonthState]]  # player -> 'YYYY-MM' -> MonthState


@dataclass(frozen=True)
class MonthProgress:
    """Where a player's run stands: `done` of `total` months; `result` is None on the announcing tick."""

    player: str
    done: int
    total: int
    result: UnitResult | None


@dataclass(frozen=True)
class MonthOutcome:
    """What one month request gave: its report line, and the validators and table when it succeeded."""

    url: str
    result: UnitResult
    validators: Validators | None = None
    table: pa.Table | None = None


class ArchiveRun:
    """Walks players and their months one request at a time, handing out one Arrow table per loaded month.

    Per-month problems (404, retries exhausted, malformed JSON) are reported and the run goes on; a
    RunStopped (403, 410) ends the walk and is kept in `stopped` for the caller to raise after loading.
    """

    def __init__(
        self,
        client: ChessComClient,
        players: list[str],
        report: IngestReport,
        now: datetime,
        on_month: Callable[[MonthProgress], None] | None = None,
        batch_rows: int = BATCH_ROWS,
        since: str | None = None,
    ) -> None:
        self.client = client
        self.since = since  # 'YYYY-MM': months from then on are re-read in full, stored validators ignored
        self.report = report
        self.now = now
        self.on_month = on_month
        self.batch_rows = batch_rows
        self.stopped: RunStopped | None = None
        self.finished = False
        self._state: ArchivesState = {}
        self._walk = self._walk_players(players)

    def next_batch(self, archives_state: ArchivesState) -> Iterator[pa.Table]:
        """Tables until about `batch_rows` games; each (player, uuid) once per batch, the merge relies on it.

        `archives_state` is the dlt state of this batch's load: validators of each month handed out are
        written into it before its table, so state and data always land in the same load.
        """
        self._state = archives_state
        seen: dict[str, set[str]] = {}
        rows = 0
        for player, table in self._walk:
            table = drop_games(table, seen.setdefault(player, set()))
            yield table
            rows += table.num_rows
            if rows >= self.batch_rows:
                return
        self.finished = True

    def _walk_players(self, players: list[str]) -> Iterator[tuple[str, pa.Table]]:
        for player in players:
            try:
                yield from ((player, table) for table in self._player_tables(player))
            except RunStopped as exc:
                log.error("chess.com run stopped: %s", exc)
                self.stopped = exc
                return

    def _player_tables(self, player: str) -> Iterator[pa.Table]:
        """One archives-list request, then the months to request, in order."""
        try:
            fetched = self.client.fetch(self.client.archives_url(player))
            archive_months = parse_archive_list(fetched.body, fetched.url)
        except (ArchiveNotFound, FetchFailed, MalformedArchive) as exc:
            self._finish(player, 0, 0, UnitResult(SOURCE, f"{player} archives", UnitStatus.FAILED, detail=str(exc)))
            return
        known = self._state.get(player, {})
        fetched_at = {month: datetime.fromisoformat(state["fetched_at"]) for month, state in known.items()}
        todo = months_to_request(archive_months, fetched_at, self.now, self.since)
        self._notify(MonthProgress(player, 0, len(todo), None))
        for done, month in enumerate(todo, start=1):
            months_state = self._state.setdefault(player, {})
            reread = self.since is not None and month >= self.since
            outcome = self._fetch_month(player, month, None if reread else months_state.get(month))
            if outcome.validators is not None:
                months_state[month] = self._remember(months_state.get(month), outcome)
            self._finish(player, done, len(todo), outcome.result)
            if outcome.table is not None and outcome.table.num_rows:
                yield outcome.table

    def _fetch_month(self, player: str, month: str, known: MonthState | None) -> MonthOutcome:
        """GET one month (conditionally when it was loaded before) and build its table."""
        unit = f"{player} {month}"
        url = self.client.month_url(player, month)
        validators = Validators(known.get("etag"), known.get("last_modified")) if known else None
        try:
            fetched = self.client.fetch(url, validators)
            if fetched.not_modified:
                return MonthOutcome(url, UnitResult(SOURCE, unit, UnitStatus.NOT_MODIFIED), fetched.validators)
            table = games_table(parse_month_games(fetched.body, url), player, month, url)
        except ArchiveNotFound as exc:
            return MonthOutcome(url, UnitResult(SOURCE, unit, UnitStatus.MISSING, detail=str(exc)))
        except (FetchFailed, MalformedArchive) as exc:
            log.error("chess.com month %s failed: %s", unit, exc)
            return MonthOutcome(url, UnitResult(SOURCE, unit, UnitStatus.FAILED, detail=str(exc)))
        result = UnitResult(SOURCE, unit, UnitStatus.LOADED, rows=table.num_rows)
        return MonthOutcome(url, result, fetched.validators, table)

    def _remember(self, known: MonthState | None, outcome: MonthOutcome) -> MonthState:
        """State of a month that loaded or was unchanged: its validators and when it was last seen.

        Failed months are never remembered, so the next run requests them again in full.
        """
        validators = outcome.validators or Validators()
        state = dict(known or {})
        state["url"] = outcome.url
        state["etag"] = validators.etag or state.get("etag")
        state["last_modified"] = validators.last_modified or state.get("last_modified")
        state["fetched_at"] = self.now.isoformat()
        if outcome.result.status is UnitStatus.LOADED:
            state["games"] = outcome.result.rows
        return state

    def _finish(self, player: str, done: int, total: int, result: UnitResult) -> None:
        """Record one unit in the report and tell the caller."""
        self.report.add(result)
        self._notify(MonthProgress(player, done, total, result))

    def _notify(self, progress: MonthProgress) -> None:
        if self.on_month is not None:
            self.on_month(progress)


def utc_now() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(timezone.utc)
