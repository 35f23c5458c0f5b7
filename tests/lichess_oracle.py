"""Lichess's game accuracy written out step by step as lila's AccuracyPercent.gameAccuracy computes it (windows,
volatility weights, weighted and harmonic means), from white-side evaluations: the oracle of the SQL models."""

from __future__ import annotations

import math
import statistics


def capped_centipawns(cp: int | None, mate: int | None, mover_is_white: bool) -> int:
    """White-side centipawns capped at +-1000, a mate as +-1000 (mate 0: the side that just moved mated)."""
    if mate is None:
        return max(-1000, min(1000, cp))
    if mate == 0:
        return 1000 if mover_is_white else -1000
    return 1000 if mate > 0 else -1000


def win_percent(cp: int) -> float:
    """White's Win% of capped centipawns."""
    return 50 + 50 * (2 / (1 + math.exp(-0.00368208 * cp)) - 1)


def move_accuracy(before: float, after: float) -> float:
    """Accuracy of a move from the mover's Win% before and after it."""
    if after >= before:
        return 100.0
    raw = 103.1668100711649 * math.exp(-0.04354415386753951 * (before - after)) - 3.166924740191411
    return max(0.0, min(100.0, raw + 1))


def game_accuracy(white_win_percents: list[float]) -> tuple[float, float]:
    """(white's, black's) accuracy of a game from the standard start, given white's Win% at every position."""
    values = white_win_percents
    moves = len(values) - 1
    size = min(max(moves // 10, 2), 8)
    windows = [values[:size]] * (min(size, len(values)) - 2) + [
        values[start : start + size] for start in range(len(values) - size + 1)
    ]
    weights = [min(12.0, max(0.5, statistics.pstdev(window))) for window in windows]
    sides: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    for index, (weight, prev, nxt) in enumerate(zip(weights, values, values[1:])):
        white = index % 2 == 0
        accuracy = move_accuracy(prev, nxt) if white else move_accuracy(100 - prev, 100 - nxt)
        sides[white].append((accuracy, weight))

    def side(pairs: list[tuple[float, float]]) -> float:
        weighted = sum(a * w for a, w in pairs) / sum(w for _, w in pairs)
        harmonic = len(pairs) / sum(1 / max(1.0, a) for a, _ in pairs)
        return (weighted + harmonic) / 2

    return side(sides[True]), side(sides[False])
