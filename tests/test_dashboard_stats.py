"""The Wilson interval the opening charts draw, on values worked out by hand."""

from __future__ import annotations

import pytest

from lifemetrics.dashboards.stats import (
    ExpectedScore,
    is_small_sample,
    score_difference,
    share,
    wilson_interval,
    z_for,
)


@pytest.mark.parametrize(
    ("wins", "games", "low", "high"),
    [
        (5, 10, 0.2366, 0.7634),
        (0, 10, 0.0, 0.2775),  # upper bound z²/(n + z²) when nothing was won
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),
    ],
)
def test_wilson_interval_known_values(wins: int, games: int, low: float, high: float) -> None:
    assert wilson_interval(wins, games) == (
        pytest.approx(low, abs=5e-4),
        pytest.approx(high, abs=5e-4),
    )


def test_three_out_of_three_is_not_certainty() -> None:
    low, high = wilson_interval(3, 3)
    assert high == 1.0 and low < 0.5
    assert is_small_sample(3) and not is_small_sample(40)


def test_no_games_means_no_knowledge() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert share(3, 0) is None and share(None, 5) is None and share(1, 4) == 0.25


def test_newcombe_interval_of_a_difference_matches_the_published_example() -> None:
    """Newcombe (1998), method 10: 56/70 against 48/80 gives 0.2000 (0.0524 to 0.3339)."""
    difference = score_difference(56, 70, 48, 80)
    assert difference.value == pytest.approx(0.2)
    assert (difference.low, difference.high) == (
        pytest.approx(0.0524, abs=5e-4),
        pytest.approx(0.3339, abs=5e-4),
    )
    assert difference.sign == 1 and score_difference(48, 80, 56, 70).sign == -1


def test_equal_scores_make_no_difference_even_when_perfect() -> None:
    assert score_difference(3, 3, 3, 3).sign == 0
    assert score_difference(5, 10, 4.5, 9).sign == 0


def test_bonferroni_widens_the_interval_for_best_of_many_picks() -> None:
    assert z_for(1) == pytest.approx(1.95996, abs=1e-4)
    assert z_for(5) == pytest.approx(2.5758, abs=1e-4)  # alpha 0.01 two-sided
    assert z_for(12) > z_for(5) > z_for(1)


def test_score_against_expectation() -> None:
    """100 games expected at 0.5 each (variance 25): 60 points is +0.10 +- 1.96 * 5 / 100."""
    evidence = ExpectedScore(games=100, points=60, expected_points=50, expected_variance=25)
    interval = evidence.difference()
    assert interval.value == pytest.approx(0.10)
    assert (interval.low, interval.high) == (
        pytest.approx(0.002, abs=1e-3),
        pytest.approx(0.198, abs=1e-3),
    )
    assert interval.sign == 1
    assert ExpectedScore(100, 55, 50, 25).difference().sign == 0
