"""The typed rows the health queries return and the findings, charts and page read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DailySeries:
    """One value per calendar day from the first to the last published day (None: no data)."""

    day: list[date]
    sleep_score: list[float | None]
    readiness_score: list[float | None]
    avg_awake_bpm: list[float | None]
    avg_rest_bpm: list[float | None]
    resilience_level: list[str | None]
    stress_high_minutes: list[float | None]
    recovery_high_minutes: list[float | None]
    sleep_score_7d: list[float | None]
    readiness_score_7d: list[float | None]
    stress_high_minutes_7d: list[float | None]
    recovery_high_minutes_7d: list[float | None]

    def score(self, key: str) -> tuple[list[float | None], list[float | None]]:
        """A score ('sleep', 'readiness') per day and its 7-day average."""
        return getattr(self, f"{key}_score"), getattr(self, f"{key}_score_7d")


@dataclass(frozen=True)
class Averages:
    """A measure averaged over the last 7 published days, the current month and all time, and on how
    many days of the current month it has a value."""

    recent: float | None
    month: float | None
    all_time: float | None
    month_days: int = 0


@dataclass(frozen=True)
class ContributorAverage:
    """A sleep or readiness contributor: its average over the recent days and over all time."""

    contributor: str
    recent: float | None
    all_time: float | None


@dataclass(frozen=True)
class ContributorWeek:
    """A contributor's average over one week."""

    contributor: str
    week: date
    score: float | None


@dataclass(frozen=True)
class ResilienceDays:
    """How many days of a week or month were at one resilience level."""

    period: date
    level: str
    days: int


@dataclass(frozen=True)
class MonthAverages:
    """A month of `agg_monthly_health`: its days and the averages the table shows."""

    year: int
    month: int
    avg_sleep_score: float | None
    avg_readiness_score: float | None
    avg_stress: float | None
    avg_awake_bpm: float | None
    avg_rest_bpm: float | None
    days: int | None
