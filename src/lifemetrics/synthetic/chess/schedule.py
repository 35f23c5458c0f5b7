"""When the synthetic games end: months up to an end date, sessions on evenings in the player's zone."""

from __future__ import annotations

import calendar
import math
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime

GAMES_PER_MONTH = 80
MAX_MONTHS = 60
# Local hour of day -> how likely a session starts then (evenings and lunch breaks).
_HOUR_WEIGHTS = (1, 0.5, 0.2, 0.1, 0.1, 0.1, 0.3, 1, 2, 2, 2, 2, 4, 3, 2, 2, 3, 4, 6, 8, 9, 9, 7, 3)


def month_schedule(
    rng: random.Random, n_games: int, end: date, utc_offset_hours: int
) -> Iterator[tuple[str, list[int]]]:
    """('YYYY-MM', sorted end times in epoch seconds) for every month, oldest first, `n_games` in all."""
    months = _months_until(end, min(MAX_MONTHS, max(1, math.ceil(n_games / GAMES_PER_MONTH))))
    weights = [rng.uniform(0.6, 1.4) for _ in months]
    weights[-1] *= end.day / calendar.monthrange(end.year, end.month)[1]
    for (year, month), count in zip(months, _apportion(n_games, weights)):
        first = _epoch(year, month, 1)
        last_day = (
            end.day
            if (year, month) == (end.year, end.month)
            else calendar.monthrange(year, month)[1]
        )
        times = _session_times(rng, count, first, first + last_day * 86400, utc_offset_hours)
        yield f"{year:04d}-{month:02d}", sorted(times)


def _months_until(end: date, count: int) -> list[tuple[int, int]]:
    """The `count` calendar months ending with `end`'s month, oldest first."""
    index = end.year * 12 + end.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), summing exactly to `total`."""
    scale = total / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    by_remainder = sorted(
        range(len(weights)), key=lambda i: weights[i] * scale - counts[i], reverse=True
    )
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _session_times(
    rng: random.Random, count: int, start: int, stop: int, utc_offset_hours: int
) -> list[int]:
    """`count` end times in [start, stop): sessions of a few games, one every 5-25 minutes."""
    days = (stop - start) // 86400
    times: list[int] = []
    while len(times) < count:
        local_hour = rng.choices(range(24), _HOUR_WEIGHTS)[0]
        moment = start + rng.randrange(days) * 86400 + (local_hour - utc_offset_hours) * 3600
        moment += rng.randrange(3600)
        for _ in range(1 + int(rng.expovariate(1 / 3))):
            if start <= moment < stop and len(times) < count:
                times.append(moment)
            moment += rng.randint(300, 1500)
    return times


def _epoch(year: int, month: int, day: int) -> int:
    """Epoch seconds of midnight UTC on that day."""
    return int(datetime(year, month, day, tzinfo=UTC).timestamp())
