"""What the sleep-and-chess numbers say, in words, only where the data holds them: a difference is
stated when its interval, widened for the number of night measures compared (Bonferroni), excludes zero."""

from __future__ import annotations

from statistics import NormalDist

from lifemetrics.dashboards.sleep_chess.queries import Band, Effect
from lifemetrics.dashboards.stats import Z_95

MEASURE_NAMES = {
    "readiness_score": "readiness",
    "sleep_score": "sleep score",
    "total_sleep_seconds": "sleep duration",
    "average_hrv": "HRV",
}
MIN_OVERLAP_DAYS = 30  # game days with a night: fewer and thirds hold about ten days each


def adjusted_z(comparisons: int) -> float:
    """The normal quantile of a two-sided 95% interval over `comparisons` comparisons at once."""
    return NormalDist().inv_cdf(1 - 0.05 / (2 * max(1, comparisons)))


def value_text(measure: str, value: float) -> str:
    """A night measure as people read it: '6.8 h', '72', '45 ms'."""
    if measure == "total_sleep_seconds":
        return f"{value / 3600:.1f} h"
    if measure == "average_hrv":
        return f"{value:.0f} ms"
    return f"{value:.0f}"


def is_clear(estimate: float, low: float | None, high: float | None, comparisons: int) -> bool:
    """Whether a 95% interval, widened for `comparisons`, excludes zero."""
    if low is None or high is None:
        return False
    standard_error = (high - low) / (2 * Z_95)
    return abs(estimate) > adjusted_z(comparisons) * standard_error


def clear_effects(effects: list[Effect]) -> list[Effect]:
    """The `all` effects that hold across the measures compared, strongest first."""
    overall = [row for row in effects if row.time_class == "all"]
    clear = [row for row in overall if is_clear(row.effect, row.ci_low, row.ci_high, len(overall))]
    return sorted(clear, key=lambda row: -abs(row.effect))


def headline(effects: list[Effect]) -> str:
    """The one sentence the page leads with."""
    clear = clear_effects(effects)
    if not clear:
        games = max((row.games for row in effects if row.time_class == "all"), default=0)
        days = max((row.days for row in effects if row.time_class == "all"), default=0)
        return (
            f"No clear difference between your good and bad nights ({games:,} rated games over"
            f" {days} game days)"
        )
    best = clear[0]
    direction = "more" if best.effect > 0 else "fewer"
    return (
        f"After your best third of nights by {MEASURE_NAMES[best.measure]} you score"
        f" {abs(best.effect):.2f} {direction} points per game than after your worst third, beyond what"
        f" the ratings predict (95%: {best.ci_low:+.2f} to {best.ci_high:+.2f};"
        f" {best.compared_games:,} games)"
    )


def costs(effects: list[Effect]) -> list[str]:
    """'Rated games after readiness up to 62 cost you 14 points over 230 games (95%: 6 to 22)', for each
    measure whose bottom third falls clearly below the rating expectation."""
    overall = [row for row in effects if row.time_class == "all"]
    sentences = []
    for row in overall:
        if row.bottom_vs_expected < 0 and is_clear(
            row.bottom_vs_expected, row.bottom_ci_low, row.bottom_ci_high, len(overall)
        ):
            lost = -row.bottom_vs_expected * row.bottom_games
            low, high = (
                -row.bottom_ci_high * row.bottom_games,
                -row.bottom_ci_low * row.bottom_games,
            )
            sentences.append(
                f"Rated games after a night with {MEASURE_NAMES[row.measure]} up to"
                f" {value_text(row.measure, row.bottom_up_to)} cost you {lost:.0f} points against the"
                f" rating expectation over {row.bottom_games:,} games (95%: {low:.0f} to {high:.0f})"
            )
    return sentences


def band_label(band: Band) -> str:
    """'bottom third: 48–66'."""
    low, high = value_text(band.measure, band.low_value), value_text(band.measure, band.high_value)
    return f"{band.band} third: {low}–{high}"
