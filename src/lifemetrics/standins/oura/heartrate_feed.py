"""The heart-rate samples the Oura stand-in serves: the synthetic person's, with planted ones in their place,
and, under a clock the test controls, none after that clock's now (samples arrive as its time passes)."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta

from lifemetrics.synthetic.health import SyntheticPerson
from lifemetrics.synthetic.health.heartrate import SAMPLE_SECONDS

Clock = Callable[[], datetime]


class ControlledClock:
    """A clock that stands still until the test moves it: `now()`, `advance(delta)`, `set(moment)`."""

    def __init__(self, now: datetime) -> None:
        self._now = now.astimezone(UTC)

    def now(self) -> datetime:
        """The clock's current instant (UTC)."""
        return self._now

    __call__ = now  # a ControlledClock is a Clock

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by `delta`; returns the new now."""
        self._now += delta
        return self._now

    def set(self, moment: datetime) -> None:
        """Put the clock at `moment`."""
        self._now = moment.astimezone(UTC)


class HeartrateFeed:
    """Samples with start <= timestamp <= end, oldest first, never after `clock()` when a clock is set."""

    def __init__(self, person: SyntheticPerson, clock: Clock | None = None) -> None:
        self.person = person
        self.clock = clock
        self.planted: dict[int, dict] = {}  # unix seconds -> sample

    def plant(self, start: datetime, bpms: Sequence[int], source: str = "awake") -> list[dict]:
        """Samples every 5 minutes from `start` with these bpm values, replacing what was there."""
        first = int(start.timestamp())
        rows = [
            _sample(first + index * SAMPLE_SECONDS, bpm, source) for index, bpm in enumerate(bpms)
        ]
        for row in rows:
            self.planted[row["timestamp_unix"] // 1000] = row
        return rows

    def samples(self, start: datetime, end: datetime) -> Iterator[dict]:
        """The served samples of [start, end] (both included)."""
        if self.clock is not None:
            end = min(end, self.clock())
        if end < start:
            return iter(())
        first, last = int(start.timestamp()), int(end.timestamp())
        planted = [self.planted[t] for t in sorted(self.planted) if first <= t <= last]
        generated = (
            row
            for row in self.person.heartrate(start, end)
            if row["timestamp_unix"] // 1000 not in self.planted
        )
        return heapq.merge(generated, planted, key=lambda row: row["timestamp_unix"])


def _sample(unix_seconds: int, bpm: int, source: str) -> dict:
    """One sample in Oura's row shape."""
    moment = datetime.fromtimestamp(unix_seconds, UTC)
    return {
        "bpm": bpm,
        "source": source,
        "timestamp": moment.isoformat(),
        "timestamp_unix": unix_seconds * 1000,
    }
