"""One ingestion run: its client, today's local date, where the back-fill starts, what each endpoint did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from lifemetrics.progress import Progress, State, Tick
from lifemetrics.settings import Settings
from lifemetrics.sources.oura.changes import ChangeFilter
from lifemetrics.sources.oura.client import OuraClient
from lifemetrics.sources.oura.endpoints import ENDPOINTS, ENDPOINTS_BY_NAME
from lifemetrics.sources.oura.errors import OuraError
from lifemetrics.sources.oura.windows import DayWindow, default_backfill_start, incremental_start
from lifemetrics.sources.report import UnitResult, UnitStatus

EARLIEST_RING_DAY = date(2015, 1, 1)  # before any Oura ring could have recorded data
DISCOVERY_ENDPOINTS = ("daily_activity", "daily_sleep", "daily_readiness")


@dataclass
class EndpointOutcome:
    """What one endpoint did in this run, for the report and the CLI summary."""

    rows: int = 0  # new or changed rows, handed to the loader
    read: int = 0  # rows the API returned for the window
    removed: int = 0  # documents loaded before that the re-read window no longer holds
    window: str = ""
    error: OuraError | None = None

    def as_unit(self, name: str) -> UnitResult:
        """The outcome as a report unit: 'not modified' when every row read was loaded before, unchanged."""
        if self.error is not None:
            return UnitResult("oura", name, UnitStatus.FAILED, self.rows, str(self.error))
        status = (
            UnitStatus.NOT_MODIFIED
            if self.read and not (self.rows or self.removed)
            else UnitStatus.LOADED
        )
        removed = f", {self.removed:,} removed" if self.removed else ""
        return UnitResult(
            "oura", name, status, self.rows, f"{self.window} ({self.read:,} read{removed})"
        )


@dataclass
class OuraRun:
    """Shared by the resources of one run: settings, client, progress, outcomes."""

    settings: Settings
    client: OuraClient
    progress: Progress | None = None
    since: date | None = None  # re-read from this day, whatever was loaded
    outcomes: dict[str, EndpointOutcome] = field(
        default_factory=lambda: {endpoint.name: EndpointOutcome() for endpoint in ENDPOINTS}
    )

    @cached_property
    def zone(self) -> ZoneInfo:
        """The user's time zone: days are local days."""
        return ZoneInfo(self.settings.timezone)

    @cached_property
    def today(self) -> date:
        """Today in the user's time zone: the last day a run asks for."""
        return datetime.now(self.zone).date()

    @cached_property
    def backfill_start(self) -> date:
        """First day of a first run: the configured start, else the ring's first day, else two years ago."""
        if self.settings.oura_start_date is not None:
            return self.settings.oura_start_date
        return discover_first_day(self.client, self.today) or default_backfill_start(self.today)

    def span(self, last_loaded: date | None) -> DayWindow:
        """The days an endpoint reads: from `since` if set, else a back-fill or the look-back window."""
        if self.since is not None:
            first = self.since
        elif last_loaded is None:
            first = self.backfill_start
        else:
            first = incremental_start(
                last_loaded, self.settings.oura_lookback_days, self.settings.oura_start_date
            )
        return DayWindow(min(first, self.today), self.today)

    def change_filter(self, state: dict) -> ChangeFilter:
        """The endpoint's change filter: digests from its state, kept for the days a look-back re-reads.

        Two days of margin: a heart-rate group is a UTC day, and the last loaded day may be yesterday.
        """
        horizon = self.today - timedelta(days=self.settings.oura_lookback_days + 2)
        return ChangeFilter(state.get("digests", {}), horizon, forget=self.since is not None)

    def tick(
        self,
        endpoint: str,
        detail: str,
        done: int | None = None,
        total: int | None = None,
        state: State = "running",
    ) -> None:
        """Report where an endpoint stands to the progress callback, if any."""
        if self.progress is not None:
            self.progress(Tick("oura", endpoint, done, total, detail, state))


def discover_first_day(client: OuraClient, today: date) -> date | None:
    """The ring's first day with data: the first document of the first page of a daily endpoint since 2015."""
    everything = DayWindow(EARLIEST_RING_DAY, today)
    for name in DISCOVERY_ENDPOINTS:
        try:
            first_page = next(client.pages(ENDPOINTS_BY_NAME[name], everything.padded_params()))
        except OuraError:
            continue  # that endpoint's own load reports the problem
        days = [document["day"][:10] for document in first_page if document.get("day")]
        if days:
            return max(date.fromisoformat(min(days)), EARLIEST_RING_DAY)
    return None
