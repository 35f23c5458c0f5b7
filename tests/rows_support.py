"""Published rows as comparable values: sums of doubles depend on the order DuckDB's threads add them
in, so equal data can differ in its last bits; floats are compared to SIGNIFICANT_DIGITS."""

from __future__ import annotations

from collections import Counter

import duckdb

SIGNIFICANT_DIGITS = 10


def comparable(value: object) -> object:
    """`value` with every float, however deeply nested in lists and structs, rounded to
    SIGNIFICANT_DIGITS."""
    if isinstance(value, float):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    if isinstance(value, (list, tuple)):
        return type(value)(map(comparable, value))
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    return value


def comparable_rows(connection: duckdb.DuckDBPyConnection, query: str) -> list[str]:
    """The rows of `query`, each as the repr of its comparable value, sorted."""
    return sorted(repr(comparable(row)) for row in connection.execute(query).fetchall())


def multiset_difference(left: list[str], right: list[str]) -> int:
    """Rows in one list and not the other, counted with multiplicity both ways."""
    left_count, right_count = Counter(left), Counter(right)
    return sum(((left_count - right_count) + (right_count - left_count)).values())
