"""What the chess numbers say, in words: the headline cards and the findings chart titles state."""

from __future__ import annotations

from datetime import date, timedelta

from lifemetrics.dashboards.chess.records import (
    Grain,
    Group,
    RankedOpening,
    ResultCounts,
    TimeClassSummary,
    total,
)
from lifemetrics.dashboards.parts import Kpi, tone_of
from lifemetrics.dashboards.stats import SMALL_SAMPLE_GAMES, wilson_interval
from lifemetrics.dashboards.wording import count_of, percent, signed

COLORS = ("white", "black")


def rating_kpi(summary: TimeClassSummary) -> Kpi:
    """Headline: current rating of a time class and its 30-day change."""
    change = summary.rating_change
    if summary.games_30d:
        detail = f"{signed(change)} in 30 days · {count_of(summary.games_30d, 'game')}"
    else:
        detail = f"no games in the last 30 days · {summary.games:,} in all"
    return Kpi(
        f"{summary.time_class.capitalize()} rating",
        str(summary.current_rating),
        detail,
        tone_of(change, dead_band=5),
    )


def rating_trend(summary: TimeClassSummary) -> str:
    """'Rapid rating 1520, up 12 points over the last 30 days'."""
    change = summary.rating_change
    trend = "up" if change > 0 else "down" if change < 0 else "unchanged"
    points = f" {abs(change)} points" if change else ""
    return (
        f"{summary.time_class.capitalize()} rating {summary.current_rating}, {trend}{points}"
        " over the last 30 days"
    )


def last_full_period(periods: list[Group], summary: TimeClassSummary) -> str:
    """'March 2025: 120 games, 52% won': the last period, or the one before while it is running."""
    grain = summary.grain
    last = periods[-1]
    if len(periods) > 1 and period_end(last.key, grain) > summary.last_day:
        last = periods[-2]
    when = last.key.strftime("Week of %d %b %Y" if grain == "week" else "%B %Y")
    return f"{when}: {count_of(last.counts.games, 'game')}, {percent(last.counts.rate)} won"


def period_end(start: date, grain: Grain) -> date:
    """The last day of the week or month starting on `start`."""
    if grain == "week":
        return start + timedelta(days=6)
    next_month = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return next_month - timedelta(days=1)


def color_finding(colors: dict[str, ResultCounts]) -> str | None:
    """'Better with white: you win 51% with white, 44% with black', None without both colours."""
    if "white" not in colors or "black" not in colors:
        return None
    white, black = colors["white"].rate, colors["black"].rate
    better = "white" if white >= black else "black"
    return f"Better with {better}: you win {percent(white)} with white, {percent(black)} with black"


def color_kpi(colors: dict[str, ResultCounts]) -> Kpi | None:
    """Headline: which colour scores better."""
    if "white" not in colors or "black" not in colors:
        return None
    white = colors["white"].rate or 0
    black = colors["black"].rate or 0
    better = "White" if white >= black else "Black"
    detail = f"{percent(white)} wins with white · {percent(black)} with black"
    return Kpi("Better with", better, detail, "neutral")


def keep_and_study(
    openings: list[RankedOpening], color: str, average: float
) -> tuple[RankedOpening | None, RankedOpening | None]:
    """The opening to keep and the one to study with a colour, judged against the colour's average.

    Keep: of the best list scoring above the average, the highest Wilson lower bound (a good rate
    over many games beats a perfect one over two). Study: of the worst list scoring below the
    average, the lowest Wilson upper bound.
    """
    best = [row for row in _of(openings, color, "best") if row.counts.rate > average]
    worst = [row for row in _of(openings, color, "worst") if row.counts.rate < average]
    keep = max(best, key=lambda row: _interval(row)[0], default=None)
    study = min(worst, key=lambda row: _interval(row)[1], default=None)
    return keep, study


def _of(openings: list[RankedOpening], color: str, ranking: str) -> list[RankedOpening]:
    """The openings of one colour's best or worst list."""
    return [row for row in openings if row.color == color and row.ranking == ranking]


def _interval(opening: RankedOpening) -> tuple[float, float]:
    """The 95% Wilson interval of an opening's win rate."""
    return wilson_interval(opening.counts.wins, opening.counts.games)


def opening_advice(openings: list[RankedOpening], color: str, average: float) -> str:
    """'With white: keep the Italian Game, study the Englund Gambit'."""
    advice = [
        f"{verb} the {row.name}"
        for verb, row in zip(("keep", "study"), keep_and_study(openings, color, average))
        if row
    ]
    return f"With {color}: {', '.join(advice)}" if advice else f"Openings with {color}"


def opening_kpis(openings: list[RankedOpening], colors: dict[str, ResultCounts]) -> list[Kpi]:
    """Headlines: the opening to keep with each colour, and the one to study."""
    kpis = []
    studies = []
    for color in COLORS:
        if color not in colors:
            continue
        keep, study = keep_and_study(openings, color, colors[color].rate)
        if keep:
            kpis.append(
                Kpi(f"Best opening with {color}", keep.name, rate_detail(keep.counts), "good")
            )
        if study:
            studies.append((_interval(study)[1], color, study))
    if studies:
        _, color, study = min(studies, key=lambda item: item[0])
        kpis.append(
            Kpi("Opening to study", study.name, f"as {color}: {rate_detail(study.counts)}", "bad")
        )
    return kpis


def rate_detail(counts: ResultCounts) -> str:
    """'62% won over 40 games'."""
    return f"{counts.rate:.0%} won over {count_of(counts.games, 'game')}"


def best_hours(labels: tuple[str, ...], bands: list[Group]) -> str:
    """'You win most between 18:00 and 21:00 (...)', among bands with enough games."""
    candidates = [
        (label, band.counts)
        for label, band in zip(labels, bands)
        if band.counts.games >= SMALL_SAMPLE_GAMES
    ]
    if not candidates:
        return "Results by time of day"
    label, counts = max(candidates, key=lambda item: item[1].rate)
    return f"You win most between {label.replace('–', ' and ')} ({rate_detail(counts)})"


def rating_gap_finding(bands: list[Group]) -> str:
    """'You win 60% against weaker and 35% against stronger opponents'."""
    groups = (("weaker", bands[:2]), ("stronger", bands[3:]))
    parts = [
        f"{percent(counts.rate)} against {name} opponents"
        for name, counts in ((name, total([band.counts for band in part])) for name, part in groups)
        if counts.games
    ]
    return (
        f"You win {' and '.join(parts)}" if parts else "Results against opponents of your strength"
    )


def ending_finding(endings: list[Group]) -> str:
    """'Most losses end by resignation (55% of losses)'."""
    losses = sum(ending.counts.losses for ending in endings)
    if not losses:
        return "No losses yet"
    top = max(endings, key=lambda ending: ending.counts.losses)
    return f"Most losses end by {top.key.lower()} ({percent(top.counts.losses / losses)} of losses)"


def time_loss_kpi(endings: list[Group]) -> Kpi | None:
    """Headline: how many losses come from the clock."""
    losses = sum(ending.counts.losses for ending in endings)
    if not losses:
        return None
    on_time = sum(ending.counts.losses for ending in endings if ending.key == "Time")
    rate = on_time / losses
    return Kpi(
        "Losses on time",
        percent(rate),
        f"{on_time} of {count_of(losses, 'loss')}",
        "bad" if rate >= 0.2 else "neutral",
    )


def clock_finding(bands: list[Group]) -> str:
    """'With under 10% of your clock left you win 30% (otherwise 50%)'."""
    short = total([band.counts for band in bands[:2]])
    rest = total([band.counts for band in bands[2:]])
    if not (short.games and rest.games):
        return "Clock left at the end of your games"
    return (
        f"With under 10% of your clock left you win {percent(short.rate)}"
        f" (otherwise {percent(rest.rate)})"
    )
