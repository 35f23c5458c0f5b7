"""Small statistics the pages show beside rates and use to decide what they may claim.

Scores count a draw as 1/2, so "successes" may be fractional: the Wilson interval of a score is
then a little cautious (draws make results less spread than wins and losses). A finding is stated
only when its interval excludes "no difference"; a best-of-many pick widens the intervals for the
number of groups compared (Bonferroni). The Elo expected score of each game is a column of
`fct_chess_games` (`my_expected_score`); `ExpectedScore` turns sums of it into an interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

Z_95 = 1.959963984540054
SMALL_SAMPLE_GAMES = 10


def wilson_interval(successes: float, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95% by default): honest even for 3 games out of 3."""
    if trials <= 0:
        return (0.0, 1.0)
    rate = successes / trials
    denominator = 1 + z * z / trials
    centre = (rate + z * z / (2 * trials)) / denominator
    half_width = (
        z * math.sqrt(rate * (1 - rate) / trials + z * z / (4 * trials * trials)) / denominator
    )
    return (max(0.0, centre - half_width), min(1.0, centre + half_width))


def z_for(comparisons: int = 1, confidence: float = 0.95) -> float:
    """The two-sided z of `confidence`, widened (Bonferroni) when the best of `comparisons` groups
    is picked: 1.96 for one comparison, 2.58 for five."""
    alpha = (1 - confidence) / max(comparisons, 1)
    return NormalDist().inv_cdf(1 - alpha / 2)


@dataclass(frozen=True)
class Interval:
    """An estimate with the ends of its interval."""

    value: float
    low: float
    high: float

    @property
    def sign(self) -> int:
        """+1 when the whole interval is above zero, -1 when below, 0 when it holds zero."""
        return 1 if self.low > 0 else -1 if self.high < 0 else 0


def score_difference(
    points: float, games: int, other_points: float, other_games: int, z: float = Z_95
) -> Interval:
    """Score of one group minus another's, with Newcombe's interval (from each side's Wilson
    interval; sound for small groups and scores near 0 or 1)."""
    score, other = points / games, other_points / other_games
    low, high = wilson_interval(points, games, z)
    other_low, other_high = wilson_interval(other_points, other_games, z)
    difference = score - other
    return Interval(
        difference,
        difference - math.hypot(score - low, other_high - other),
        difference + math.hypot(high - score, other - other_low),
    )


@dataclass(frozen=True)
class ExpectedScore:
    """Sums over games of the score, the Elo expected score e and e * (1 - e)."""

    games: int
    points: float
    expected_points: float
    expected_variance: float

    def difference(self, z: float = Z_95) -> Interval:
        """Score minus expected score per game, with its interval: the spread is the one results
        would have if they only followed the ratings (cautious: draws shrink it)."""
        difference = (self.points - self.expected_points) / self.games
        half_width = z * math.sqrt(self.expected_variance) / self.games
        return Interval(difference, difference - half_width, difference + half_width)


def share(part: float | None, whole: float | None) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return part / whole


def is_small_sample(games: int) -> bool:
    """Whether a rate over this many games is too thin to act on."""
    return games < SMALL_SAMPLE_GAMES
