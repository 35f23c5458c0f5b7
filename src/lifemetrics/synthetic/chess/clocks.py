"""`%clk` values for synthetic games: live clocks that run down with increments, daily move clocks."""

from __future__ import annotations

import random

import chess

DAY = 86400


def parse_time_control(time_control: str) -> tuple[int, int, bool]:
    """(base or seconds per move, increment, daily?) of '600+5', '180' or '1/86400'."""
    if "/" in time_control:
        return int(time_control.split("/")[1]), 0, True
    base, _, increment = time_control.partition("+")
    return int(base), int(increment or 0), False


def game_clocks(
    rng: random.Random, plies: int, time_control: str, flagger: chess.Color | None
) -> tuple[list[float], int]:
    """(clock after each ply, game duration in seconds); `flagger` is who runs out of time, if anyone."""
    base, increment, daily = parse_time_control(time_control)
    clocks = [0.0] * plies
    duration = 0.0
    for side in (chess.WHITE, chess.BLACK):
        plies_of_side = range(0 if side == chess.WHITE else 1, plies, 2)
        if daily:
            times, spent = _daily_side(rng, len(plies_of_side), base)
        else:
            times, spent = _live_side(rng, len(plies_of_side), base, increment, side == flagger)
        for ply, clock in zip(plies_of_side, times):
            clocks[ply] = clock
        duration += spent
    if flagger is not None:
        duration += base if daily else 1.0
    return clocks, max(int(duration), 1)


def _live_side(
    rng: random.Random, moves: int, base: int, increment: int, flags: bool
) -> tuple[list[float], float]:
    """One side's clocks in tenths of seconds, never above the previous clock plus the increment."""
    weights = [rng.expovariate(1.0) * (0.2 if move < 6 else 1.0) for move in range(moves)]
    if weights:
        weights[0] = 0.0
    share = 0.97 if flags else rng.uniform(0.2, 0.85)
    budget = (base + moves * increment) * share / (sum(weights) or 1.0)
    clocks, remaining, spent_total = [], float(base), 0.0
    for move, weight in enumerate(weights):
        spent = min(budget * weight, remaining - 0.5)
        if flags and move == moves - 1:
            spent = remaining - rng.uniform(0.1, 1.5)
        spent = max(spent, 0.0)
        remaining = round(remaining - spent + increment, 1)
        spent_total += spent
        clocks.append(remaining)
    return clocks, spent_total


def _daily_side(rng: random.Random, moves: int, per_move: int) -> tuple[list[float], float]:
    """Time left on the per-move clock of a daily game when each move was made."""
    clocks, spent_total = [], 0.0
    for _ in range(moves):
        spent = min(rng.expovariate(4.0 / per_move), per_move - 60.0)
        clocks.append(round(per_move - spent, 1))
        spent_total += spent
    return clocks, spent_total
