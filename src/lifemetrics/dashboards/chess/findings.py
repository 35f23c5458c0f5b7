"""What the chess numbers say, in words: the headline cards and the findings chart titles state.

A finding ("better with white", "you score most between 18:00 and 21:00") is stated only when its
95% interval excludes "no difference", widened (Bonferroni) for the number of groups when the best
of many is picked and for the time classes the page states it for (`classes`); otherwise the title
says there is no clear difference and gives the numbers. Every rate comes with its games.
"""

from __future__ import annotations

from datetime import date, timedelta

from lifemetrics.dashboards.chess.records import (
    Grain,
    Group,
    OpeningFamily,
    ResultCounts,
    TimeClassSummary,
    total,
)
from lifemetrics.dashboards.parts import Kpi, tone_of
from lifemetrics.dashboards.stats import (
    SMALL_SAMPLE_GAMES,
    Interval,
    score_difference,
    wilson_interval,
    z_for,
)
from lifemetrics.dashboards.wording import count_of, percent, points_interval, signed

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


def score_detail(counts: ResultCounts) -> str:
    """'score 55% (48% won) over 120 games': the score counts a draw as 1/2."""
    return (
        f"score {percent(counts.score)} ({percent(counts.rate)} won)"
        f" over {count_of(counts.games, 'game')}"
    )


def last_complete_period(periods: list[Group], grain: Grain, today: date) -> str:
    """'November 2026: score 55% (48% won) over 120 games': the last week or month that ended
    before `today` (the day of publishing); a running period is never the headline."""
    complete = [period for period in periods if period_end(period.key, grain) < today]
    if not complete:
        return f"This {grain} so far: {score_detail(total([p.counts for p in periods]))}"
    last = complete[-1]
    when = last.key.strftime("Week of %-d %b %Y" if grain == "week" else "%B %Y")
    return f"{when}: {score_detail(last.counts)}"


def period_end(start: date, grain: Grain) -> date:
    """The last day of the week or month starting on `start`."""
    if grain == "week":
        return start + timedelta(days=6)
    next_month = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return next_month - timedelta(days=1)


def _compare(first: ResultCounts, second: ResultCounts, comparisons: int = 1) -> Interval:
    """First group's score minus the second's, with its interval (widened for `comparisons`)."""
    return score_difference(
        first.points, first.games, second.points, second.games, z_for(comparisons)
    )


def color_finding(colors: dict[str, ResultCounts], classes: int = 1) -> str | None:
    """'Better with white: you score 56% with white, 48% with black (...)' when the interval of
    the difference excludes zero, 'No clear difference between white and black: ...' otherwise."""
    if not all(colors.get(color) and colors[color].games for color in COLORS):
        return None
    white, black = colors["white"], colors["black"]
    difference = _compare(white, black, classes)
    numbers = (
        f"you score {percent(white.score)} with white, {percent(black.score)} with black"
        f" ({points_interval(difference.low, difference.high)};"
        f" {white.games:,} / {black.games:,} games)"
    )
    if difference.sign:
        return f"Better with {'white' if difference.sign > 0 else 'black'}: {numbers}"
    return f"No clear difference between white and black: {numbers}"


def color_kpi(colors: dict[str, ResultCounts], classes: int = 1) -> Kpi | None:
    """Headline: the colour that scores better, or that neither does clearly."""
    if not all(colors.get(color) and colors[color].games for color in COLORS):
        return None
    white, black = colors["white"], colors["black"]
    sign = _compare(white, black, classes).sign
    value = "White" if sign > 0 else "Black" if sign < 0 else "No clear difference"
    detail = (
        f"score {percent(white.score)} white ({white.games:,}) ·"
        f" {percent(black.score)} black ({black.games:,})"
    )
    return Kpi("Better with", value, detail, "neutral")


def _chosen(families: list[OpeningFamily], color: str, verdict: str) -> OpeningFamily | None:
    """The family with a verdict that won (keep) or lost (study) the most points against the
    expectation, with one colour."""
    ranked = [f for f in families if f.color == color and f.verdict == verdict]
    return min(ranked, key=lambda family: family.verdict_rank or 0, default=None)


def against_ratings(family: OpeningFamily) -> str:
    """'score 58% against 52% expected over 210 games'."""
    return (
        f"score {percent(family.counts.score)} against {percent(family.counts.expected_score)}"
        f" expected over {count_of(family.counts.games, 'game')}"
    )


def opening_advice(families: list[OpeningFamily], color: str) -> str:
    """'With white: keep the Italian Game, study the Scandinavian Defense', only for families
    whose score against the ratings' expectation is clear after the families compared."""
    keep, study = _chosen(families, color, "keep"), _chosen(families, color, "study")
    advice = [f"{verb} the {row.family}" for verb, row in (("keep", keep), ("study", study)) if row]
    if advice:
        return f"With {color}: {', '.join(advice)}"
    compared = max((f.families_compared for f in families if f.color == color), default=0)
    return (
        f"With {color}: no opening family scores clearly above or below what the ratings"
        f" predict ({count_of(compared, 'family')} with {SMALL_SAMPLE_GAMES}+ games compared)"
    )


def opening_kpis(families: list[OpeningFamily]) -> list[Kpi]:
    """Headlines: the family to keep with each colour, and the one to study, when the data hold."""
    kpis = []
    for color in COLORS:
        keep = _chosen(families, color, "keep")
        if keep:
            kpis.append(
                Kpi(f"Opening to keep with {color}", keep.family, against_ratings(keep), "good")
            )
    studies = [study for color in COLORS if (study := _chosen(families, color, "study"))]
    if studies:
        study = min(
            studies, key=lambda family: family.counts.points - family.counts.expected_points
        )
        kpis.append(
            Kpi(
                "Opening to study",
                study.family,
                f"as {study.color}: {against_ratings(study)}",
                "bad",
            )
        )
    return kpis


def best_hours(labels: tuple[str, ...], bands: list[Group], classes: int = 1) -> str:
    """'You score most between 18:00 and 21:00 (...)' when that band beats the other hours once
    widened for the bands compared; 'No time of day stands out' otherwise."""
    candidates = [
        (label, band.counts)
        for label, band in zip(labels, bands)
        if band.counts.games >= SMALL_SAMPLE_GAMES
    ]
    if len(candidates) < 2:
        return "Results by time of day"
    everything = total([counts for _, counts in candidates])
    clear = []
    for label, counts in candidates:
        rest = _minus(everything, counts)
        difference = _compare(counts, rest, len(candidates) * classes)
        if difference.sign > 0:
            clear.append((difference.value, label, counts, rest))
    if not clear:
        scores = [counts.score for _, counts in candidates]
        return (
            f"No time of day stands out: you score {percent(min(scores))} to"
            f" {percent(max(scores))} in each 3-hour band with {SMALL_SAMPLE_GAMES}+ games"
        )
    _, label, counts, rest = max(clear)
    return (
        f"You score most between {label.replace('–', ' and ')}: {percent(counts.score)} over"
        f" {count_of(counts.games, 'game')}, {percent(rest.score)} at other times"
    )


def _minus(whole: ResultCounts, part: ResultCounts) -> ResultCounts:
    """The counts of the games of `whole` that are not in `part`."""
    return ResultCounts(
        whole.wins - part.wins,
        whole.draws - part.draws,
        whole.losses - part.losses,
        whole.games - part.games,
        whole.points - part.points,
        whole.expected_points - part.expected_points,
        whole.expected_variance - part.expected_variance,
    )


def rating_gap_finding(bands: list[Group], classes: int = 1) -> str:
    """'You score 60% against weaker and 35% against stronger opponents (...)' when the two differ
    clearly, with what the ratings predicted; 'No clear difference ...' otherwise."""
    weaker = total([band.counts for band in bands[:2]])
    stronger = total([band.counts for band in bands[3:]])
    if not (weaker.games and stronger.games):
        return "Results against opponents of your strength"
    difference = _compare(weaker, stronger, classes)
    numbers = (
        f"{percent(weaker.score)} against weaker and {percent(stronger.score)} against stronger"
        f" opponents ({weaker.games:,} / {stronger.games:,} games;"
        f" the ratings predicted {percent(weaker.expected_score)} and"
        f" {percent(stronger.expected_score)})"
    )
    if difference.sign:
        return f"You score {numbers}"
    return f"No clear difference between weaker and stronger opponents: you score {numbers}"


def ending_finding(endings: list[Group]) -> str:
    """'Most losses end by resignation (62% of 120 losses, ...)' when over half of them clearly
    do; otherwise the commonest endings with their shares."""
    losses = sum(ending.counts.losses for ending in endings)
    if not losses:
        return "No losses yet"
    ranked = sorted(endings, key=lambda ending: -ending.counts.losses)
    top = ranked[0]
    low, high = wilson_interval(top.counts.losses, losses)
    if low > 0.5:
        return (
            f"Most losses end by {top.key.lower()}: {percent(top.counts.losses / losses)} of"
            f" {count_of(losses, 'loss')} (95% interval {percent(low)}–{percent(high)})"
        )
    shares = ", ".join(
        f"{ending.key.lower()} {percent(ending.counts.losses / losses)}"
        for ending in ranked[:3]
        if ending.counts.losses
    )
    return f"Losses end by {shares} (of {count_of(losses, 'loss')})"


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


def clock_finding(bands: list[Group], classes: int = 1) -> str:
    """'Short of time you score less: 38% with under 10% of your clock left, 55% otherwise'
    over games that did not end on the clock, when the difference is clear."""
    short = total([band.counts for band in bands[:2]])
    rest = total([band.counts for band in bands[2:]])
    if not (short.games and rest.games):
        return "Clock left at the end of games not decided on the clock"
    difference = _compare(short, rest, classes)
    numbers = (
        f"{percent(short.score)} with under 10% of your clock left at the end,"
        f" {percent(rest.score)} with more ({short.games:,} / {rest.games:,} games)"
    )
    if difference.sign < 0:
        return f"Short of time you score less: {numbers}"
    if difference.sign > 0:
        return f"Short of time you score more: {numbers}"
    return f"No clear difference when short of time: you score {numbers}"
