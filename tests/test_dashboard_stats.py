"""The Wilson interval the opening charts draw, on values worked out by hand."""

from __future__ import annotations

import pytest

from lifemetrics.dashboards.stats import is_small_sample, share, wilson_interval


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
