"""Small statistics the pages show beside rates: how sure a win rate is, what share a count is."""

from __future__ import annotations

import math

Z_95 = 1.959963984540054
SMALL_SAMPLE_GAMES = 10


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
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


def share(part: float | None, whole: float | None) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return part / whole


def is_small_sample(games: int) -> bool:
    """Whether a rate over this many games is too thin to act on."""
    return games < SMALL_SAMPLE_GAMES
