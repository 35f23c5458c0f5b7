"""Which days a run asks for, cut into windows the API accepts.

Oura's date bounds are inclusive on some endpoints and exclusive on others, so daily windows are asked for
with a day of padding on each side and the answer is filtered on `day`. Heart rate is asked for by UTC
instants covering the local days of the window, never more than the API's 30 days at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_BACKFILL_DAYS = 730  # when neither a start date nor the ring's first day is known


@dataclass(frozen=True)
class DayWindow:
    """Local days `first`..`last`, both included."""

    first: date
    last: date

    def __str__(self) -> str:
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    def padded_params(self) -> dict[str, str]:
        """`start_date`/`end_date` with a day more on each side (bounds differ between endpoints)."""
        return {
            "start_date": (self.first - timedelta(days=1)).isoformat(),
            "end_date": (self.last + timedelta(days=1)).isoformat(),
        }

    def holds(self, day: str | None) -> bool:
        """True when an ISO `day` lies in the window."""
        return day is not None and self.first.isoformat() <= day[:10] <= self.last.isoformat()


@dataclass(frozen=True)
class InstantWindow:
    """UTC instants `start` (included) to `end` (excluded)."""

    start: datetime
    end: datetime

    def params(self) -> dict[str, str]:
        """`start_datetime`/`end_datetime` as ISO 8601 UTC."""
        return {"start_datetime": _iso_utc(self.start), "end_datetime": _iso_utc(self.end)}


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def day_windows(span: DayWindow, max_days: int) -> list[DayWindow]:
    """`span` cut into consecutive windows of at most `max_days` days."""
    windows = []
    first = span.first
    while first <= span.last:
        last = min(first + timedelta(days=max_days - 1), span.last)
        windows.append(DayWindow(first, last))
        first = last + timedelta(days=1)
    return windows


def instant_windows(span: DayWindow, zone: ZoneInfo, max_days: int) -> list[InstantWindow]:
    """The UTC instants of `span`'s local days, cut into windows no longer than `max_days` x 24 h."""
    start = datetime.combine(span.first, time(), zone).astimezone(UTC)
    end = datetime.combine(span.last + timedelta(days=1), time(), zone).astimezone(UTC)
    return list(_cut(start, end, timedelta(days=max_days)))


def _cut(start: datetime, end: datetime, step: timedelta) -> Iterator[InstantWindow]:
    while start < end:
        stop = min(start + step, end)
        yield InstantWindow(start, stop)
        start = stop


def incremental_start(last_loaded: date, lookback_days: int, floor: date | None) -> date:
    """Where a later run starts: the last loaded day minus the look-back, never before `floor`."""
    start = last_loaded - timedelta(days=lookback_days)
    return max(start, floor) if floor is not None else start


def default_backfill_start(today: date) -> date:
    """The fallback back-fill start: two years ago."""
    return today - timedelta(days=DEFAULT_BACKFILL_DAYS)
