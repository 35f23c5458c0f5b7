"""How numbers read on the pages: counts with their noun, shares as percentages, changes with a sign."""

from __future__ import annotations


def signed(value: float, unit: str = "") -> str:
    """A change with its sign and a real minus sign: '+12', '−4 bpm'."""
    rounded = round(value)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else "±"
    return f"{sign}{abs(rounded)}{unit}"


def count_of(count: int, noun: str) -> str:
    """'1 game', '1,500 games', '2 losses', '3 families'."""
    if count == 1:
        return f"1 {noun}"
    if noun.endswith("s"):
        plural = noun + "es"
    elif noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        plural = noun[:-1] + "ies"
    else:
        plural = noun + "s"
    return f"{count:,} {plural}"


def percent(value: float | None) -> str:
    """A share as a whole percentage, '–' when unknown."""
    return "–" if value is None else f"{value:.0%}"


def points_interval(low: float, high: float) -> str:
    """A difference's interval in percentage points: 'interval +3 to +13 points'."""
    return f"interval {signed(100 * low)} to {signed(100 * high)} points"
