"""How numbers read on the pages: counts with their noun, shares as percentages, changes with a sign."""

from __future__ import annotations


def signed(value: float, unit: str = "") -> str:
    """A change with its sign and a real minus sign: '+12', '−4 bpm'."""
    rounded = round(value)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else "±"
    return f"{sign}{abs(rounded)}{unit}"


def count_of(count: int, noun: str) -> str:
    """'1 game', '1,500 games', '2 losses'."""
    if count == 1:
        return f"1 {noun}"
    plural = noun + "es" if noun.endswith("s") else noun + "s"
    return f"{count:,} {plural}"


def percent(value: float | None) -> str:
    """A share as a whole percentage, '–' when unknown."""
    return "–" if value is None else f"{value:.0%}"
