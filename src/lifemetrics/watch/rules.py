"""Alert rules of `lifemetrics watch`, pure: which limit a sample is held to, and when high samples make an episode.

A sample is high when its bpm is above the lower of two limits: the fixed ceiling of its source (if set), and
the personal one, the person's robust baseline for that source and local hour of day (median plus the larger
of a margin and a multiple of the MAD scaled to a standard deviation), or for that source at any hour when the
hour has too few samples. `hold_samples` consecutive high samples open an episode (one spike never does); the
first sample back under the limit, or a gap of more than MAX_GAP without samples, ends it at its last high
sample. Workout and session samples are skipped unless asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

EXERCISE_SOURCES = frozenset({"workout", "session"})
MAD_TO_SIGMA = 1.4826  # the MAD of a normal distribution times this is its standard deviation
MAX_GAP = timedelta(
    minutes=15
)  # three missed 5-minute samples: the ring was off, the run starts over
MIN_BASELINE_SAMPLES = 12  # an hour of samples

Change = Literal["opened", "updated", "ended"]


@dataclass(frozen=True)
class Sample:
    """One heart-rate sample: when (UTC), bpm, and Oura's source label (awake, rest, sleep, workout...)."""

    at: datetime
    bpm: int
    source: str


@dataclass(frozen=True)
class Baseline:
    """The robust centre and spread of a group of samples."""

    median: float
    mad: float
    samples: int


@dataclass(frozen=True)
class Baselines:
    """Baselines per (source, local hour) and per source, from the warehouse's recent samples."""

    zone: ZoneInfo
    by_hour: Mapping[tuple[str, int], Baseline] = field(default_factory=dict)
    by_source: Mapping[str, Baseline] = field(default_factory=dict)

    def for_sample(self, sample: Sample) -> Baseline | None:
        """The baseline of the sample's source and local hour, else of its source, if it has enough samples."""
        hour = sample.at.astimezone(self.zone).hour
        for baseline in (
            self.by_hour.get((sample.source, hour)),
            self.by_source.get(sample.source),
        ):
            if baseline is not None and baseline.samples >= MIN_BASELINE_SAMPLES:
                return baseline
        return None


@dataclass(frozen=True)
class Limit:
    """The bpm a sample must stay at or under, and which rule set it ('ceiling' or 'baseline')."""

    bpm: float
    rule: str


@dataclass(frozen=True)
class Rules:
    """The watch's settings as rules."""

    ceilings: Mapping[str, int] = field(default_factory=dict)
    hold_samples: int = 3
    mad_factor: float = 4.0
    min_margin_bpm: float = 25.0
    include_workouts: bool = False

    def watches(self, sample: Sample) -> bool:
        """False for workout and session samples, unless they are asked for."""
        return self.include_workouts or sample.source not in EXERCISE_SOURCES

    def limit(self, sample: Sample, baselines: Baselines) -> Limit | None:
        """The lower of the sample's ceiling and personal limit; None when it has neither."""
        limits = []
        if sample.source in self.ceilings:
            limits.append(Limit(float(self.ceilings[sample.source]), "ceiling"))
        baseline = baselines.for_sample(sample)
        if baseline is not None:
            spread = max(self.min_margin_bpm, self.mad_factor * MAD_TO_SIGMA * baseline.mad)
            limits.append(Limit(round(baseline.median + spread, 1), "baseline"))
        return min(limits, key=lambda limit: limit.bpm, default=None)


@dataclass(frozen=True)
class Episode:
    """Heart rate above a limit for `samples` consecutive samples; `ended_at` is None while it goes on."""

    started_at: datetime
    source: str
    rule: str
    limit_bpm: float
    peak_at: datetime
    peak_bpm: int
    last_at: datetime
    samples: int
    ended_at: datetime | None = None

    def with_sample(self, sample: Sample) -> Episode:
        """The episode one high sample longer."""
        peak = sample.bpm > self.peak_bpm
        return replace(
            self,
            peak_at=sample.at if peak else self.peak_at,
            peak_bpm=sample.bpm if peak else self.peak_bpm,
            last_at=sample.at,
            samples=self.samples + 1,
        )


def opened_episode(run: list[tuple[Sample, Limit]]) -> Episode:
    """The episode a run of high samples opens: its first sample's source, rule and limit, its peak."""
    first, limit = run[0]
    peak = max((sample for sample, _ in run), key=lambda sample: sample.bpm)
    return Episode(
        first.at, first.source, limit.rule, limit.bpm, peak.at, peak.bpm, run[-1][0].at, len(run)
    )


class EpisodeTracker:
    """Follows the samples in time order and says when an episode opens, grows and ends."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.run: list[tuple[Sample, Limit]] = []
        self.open: Episode | None = None
        self.last_at: datetime | None = None

    def feed(self, sample: Sample, baselines: Baselines) -> list[tuple[Change, Episode]]:
        """What this sample changes: the episode it ends (after a gap), opens, grows or ends."""
        if not self.rules.watches(sample):
            return []
        changes = self._after_gap(sample)
        self.last_at = sample.at
        limit = self.rules.limit(sample, baselines)
        if limit is None or sample.bpm <= limit.bpm:
            self.run = []
            return changes + self._end()
        if self.open is not None:
            self.open = self.open.with_sample(sample)
            return [*changes, ("updated", self.open)]
        self.run.append((sample, limit))
        if len(self.run) < self.rules.hold_samples:
            return changes
        self.open, self.run = opened_episode(self.run), []
        return [*changes, ("opened", self.open)]

    def _after_gap(self, sample: Sample) -> list[tuple[Change, Episode]]:
        """A gap without samples starts the count over and ends an open episode."""
        if self.last_at is None or sample.at - self.last_at <= MAX_GAP:
            return []
        self.run = []
        return self._end()

    def _end(self) -> list[tuple[Change, Episode]]:
        if self.open is None:
            return []
        ended = replace(self.open, ended_at=self.open.last_at)
        self.open = None
        return [("ended", ended)]
