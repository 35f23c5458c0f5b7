"""What the health numbers say, in words: the headline cards and the findings chart titles state."""

from __future__ import annotations

from collections import Counter

from lifemetrics.dashboards.health.records import Averages, ContributorAverage, DailySeries
from lifemetrics.dashboards.parts import Kpi, tone_of
from lifemetrics.dashboards.wording import signed
from lifemetrics.oura_contributors import READINESS_CONTRIBUTORS, SLEEP_CONTRIBUTORS

RECENT_DAYS = 30
MONTH_MIN_DAYS = 7  # a month average over fewer days is not shown as one
CONTRIBUTOR_NAMES = {**SLEEP_CONTRIBUTORS, **READINESS_CONTRIBUTORS}


def compare(recent: float | None, overall: float, unit: str = "") -> str:
    """'75 over the last 7 days, 2 below your all-time 77'."""
    if recent is None:
        return f"no data in the last 7 days (all-time {overall:.0f}{unit})"
    delta = round(recent) - round(overall)
    if delta == 0:
        return f"{recent:.0f}{unit} over the last 7 days, level with your all-time average"
    direction = "above" if delta > 0 else "below"
    return (
        f"{recent:.0f}{unit} over the last 7 days, {abs(delta)} {direction} your all-time"
        f" {overall:.0f}"
    )


def score_kpi(label: str, averages: Averages) -> Kpi | None:
    """Headline: last 7 days of a score against all time, this month alongside."""
    recent, overall = averages.recent, averages.all_time
    if recent is None or overall is None:
        return None
    delta = round(recent) - round(overall)
    detail = f"last 7 days, {signed(delta)} vs all-time {overall:.0f}"
    return Kpi(label, f"{recent:.0f}", detail + month_note(averages), tone_of(delta, dead_band=2))


def month_note(averages: Averages) -> str:
    """' · this month 81 over 12 days', or how few days the month has so far when they are too few."""
    days = averages.month_days
    if averages.month is None or days == 0:
        return ""
    if days < MONTH_MIN_DAYS:
        return f" · this month: {days} day{'s' if days > 1 else ''} so far"
    return f" · this month {averages.month:.0f} over {days} days"


def scored(
    contributors: dict[str, ContributorAverage], labels: dict[str, str]
) -> list[ContributorAverage]:
    """The contributors of one score that have a recent average, in the labels' order."""
    return [
        contributors[name]
        for name in labels
        if name in contributors and contributors[name].recent is not None
    ]


def weakest(
    contributors: dict[str, ContributorAverage], labels: dict[str, str]
) -> ContributorAverage | None:
    """The contributor with the lowest recent average."""
    return min(scored(contributors, labels), key=lambda row: row.recent, default=None)


def weakest_kpi(label: str, weakest: ContributorAverage | None) -> Kpi | None:
    """Headline: the weakest contributor and how it compares with its own history."""
    if weakest is None:
        return None
    name = CONTRIBUTOR_NAMES[weakest.contributor]
    detail = f"{weakest.recent:.0f} over {RECENT_DAYS} days (all-time {weakest.all_time:.0f})"
    return Kpi(label, name, detail, "bad")


def weakest_finding(score: str, labels: dict[str, str], weakest: ContributorAverage) -> str:
    """'Deep sleep is your weakest sleep contributor (61 over 30 days)'."""
    name = labels[weakest.contributor]
    return (
        f"{name} is your weakest {score} contributor ({weakest.recent:.0f} over {RECENT_DAYS} days)"
    )


def resilience_finding(series: DailySeries) -> str:
    """'Resilience: mostly solid over the last 30 days'."""
    recent = [level for level in series.resilience_level[-RECENT_DAYS:] if level]
    if not recent:
        return "Resilience over time"
    common = Counter(recent).most_common(1)[0][0]
    return f"Resilience: mostly {common} over the last {RECENT_DAYS} days"


def resilience_kpi(series: DailySeries) -> Kpi | None:
    """Headline: the latest resilience level."""
    known = [(day, level) for day, level in zip(series.day, series.resilience_level) if level]
    if not known:
        return None
    day, level = known[-1]
    return Kpi("Resilience", level.capitalize(), f"on {day:%d %b %Y}", "neutral")


def heart_rate_finding(rest: Averages) -> str:
    """'Resting heart rate: 52 bpm over the last 7 days, ...', or a plain title without it."""
    if rest.all_time is None:
        return "Heart rate per day"
    return "Resting heart rate: " + compare(rest.recent, rest.all_time, " bpm")


def resting_kpi(rest: Averages) -> Kpi | None:
    """Headline: resting heart rate over the last week (lower is better)."""
    recent, overall = rest.recent, rest.all_time
    if recent is None or overall is None:
        return None
    delta = round(recent) - round(overall)
    detail = f"last 7 days, {signed(delta)} vs all-time {overall:.0f}"
    return Kpi(
        "Resting heart rate",
        f"{recent:.0f} bpm",
        detail,
        tone_of(delta, higher_is_better=False, dead_band=2),
    )


def score_band(value: float | None) -> str:
    """Oura's band of a 0-100 score (85+ optimal, 70-84 good, below: low), '' when unknown."""
    if value is None:
        return ""
    return "optimal" if value >= 85 else "good" if value >= 70 else "low"
