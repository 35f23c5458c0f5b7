"""Heart rate every 5 minutes, generated lazily one UTC day at a time from the day plans.

Years of samples are never held at once: a caller asks for a window and gets an iterator. Each UTC
day draws from its own seeded stream, so any window is reproducible on its own.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone

from lifemetrics.synthetic.health.days import DayPlan, Interval

SAMPLE_SECONDS = 300
DAY_SECONDS = 86400
CHARGING_GAP_RATE = 0.35  # share of days with a gap of 30-120 minutes while the ring charges


def heartrate_samples(
    plan_for: Callable[[date], DayPlan | None], seed: int, start: datetime, end: datetime
) -> Iterator[dict]:
    """Samples with start <= timestamp <= end (aware datetimes), oldest first, in Oura's row shape."""
    first = int(start.timestamp())
    last = int(end.timestamp())
    utc_day = datetime.fromtimestamp(first - first % DAY_SECONDS, timezone.utc).date()
    while (
        day_start := int(
            datetime(utc_day.year, utc_day.month, utc_day.day, tzinfo=timezone.utc).timestamp()
        )
    ) <= last:
        for row in utc_day_samples(plan_for, seed, utc_day):
            if first <= row["timestamp_unix"] // 1000 <= last:
                yield row
        utc_day += timedelta(days=1)
        if day_start + DAY_SECONDS > last:
            break


def utc_day_samples(
    plan_for: Callable[[date], DayPlan | None], seed: int, utc_day: date
) -> list[dict]:
    """Every sample of one UTC day: sleep, workout and rest from the plans' intervals, awake otherwise."""
    plans = [
        p for p in (plan_for(utc_day + timedelta(days=d)) for d in (-1, 0, 1)) if p is not None
    ]
    if not plans:
        return []
    rng = random.Random(f"{seed}:hr:{utc_day.isoformat()}")
    day_start = int(
        datetime(utc_day.year, utc_day.month, utc_day.day, tzinfo=timezone.utc).timestamp()
    )
    intervals = sorted((i for p in plans if p.worn for i in p.intervals), key=lambda i: i.start)
    gap = charging_gap(rng, day_start)
    rows = []
    cursor = 0
    for t in range(day_start, day_start + DAY_SECONDS, SAMPLE_SECONDS):
        plan = next((p for p in plans if p.start <= t < p.end), None)
        if plan is None or not plan.worn or gap[0] <= t < gap[1]:
            continue
        while cursor < len(intervals) and intervals[cursor].end <= t:
            cursor += 1
        current = (
            intervals[cursor] if cursor < len(intervals) and intervals[cursor].start <= t else None
        )
        bpm, source = sample_bpm(rng, plan, current, t)
        rows.append(
            {
                "bpm": bpm,
                "source": source,
                "timestamp": datetime.fromtimestamp(t, timezone.utc).isoformat(),
                "timestamp_unix": t * 1000,
            }
        )
    return rows


def charging_gap(rng: random.Random, day_start: int) -> tuple[int, int]:
    """A daytime stretch without samples (the ring on its charger), or an empty one."""
    if rng.random() >= CHARGING_GAP_RATE:
        return (0, 0)
    start = day_start + rng.randint(8 * 12, 20 * 12) * SAMPLE_SECONDS
    return (start, start + rng.randint(6, 24) * SAMPLE_SECONDS)


def sample_bpm(
    rng: random.Random, plan: DayPlan, interval: Interval | None, t: int
) -> tuple[int, str]:
    """One sample's bpm and source: a U-shaped night, steady rest, high workouts, a diurnal awake curve."""
    if interval is None:
        local_hours = ((t + plan.utc_offset_seconds) % DAY_SECONDS) / 3600
        diurnal = 6 * math.sin((local_hours - 9) / 24 * 2 * math.pi)
        return round(plan.awake_bpm + diurnal + rng.gauss(0, 5)), "awake"
    if interval.kind == "sleep":
        progress = (t - interval.start) / max(1, interval.end - interval.start)
        depth = 1 - 4 * progress * (1 - progress)  # 1 at the edges, 0 in the middle of the night
        bpm = (
            interval.low_bpm
            + (interval.high_bpm - interval.low_bpm) * depth
            + abs(rng.gauss(0, 1.5))
        )
        return round(bpm), "sleep"
    return round(rng.uniform(interval.low_bpm, interval.high_bpm) + rng.gauss(0, 3)), interval.kind
