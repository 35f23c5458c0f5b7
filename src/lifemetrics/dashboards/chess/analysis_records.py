"""Typed rows of the engine-analysis queries: blunder counts per group of moves, accuracy per month, bad moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifemetrics.dashboards.stats import wilson_interval


@dataclass(frozen=True)
class BlunderRate:
    """The tracked player's moves in one group (a phase, a clock band...), how many were blunders, in how many games."""

    label: str
    moves: int
    blunders: int
    games: int

    @property
    def per_100(self) -> float:
        """Blunders per 100 moves."""
        return 100 * self.blunders / self.moves if self.moves else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        """95% Wilson interval of blunders per 100 moves."""
        low, high = wilson_interval(self.blunders, self.moves)
        return 100 * low, 100 * high


@dataclass(frozen=True)
class FamilyMistakes:
    """One opening family: blunders per move, and where the first mistake or blunder typically came."""

    rate: BlunderRate
    games_with_mistake: int
    median_first_mistake_move: float | None


@dataclass(frozen=True)
class MonthAccuracy:
    """The tracked player's mean accuracy in one month: the engine's, and chess.com's on the same games."""

    month: date
    games: int
    engine: float
    engine_sd: float | None
    chess_com: float | None


@dataclass(frozen=True)
class CostlyMove:
    """One of the tracked player's moves that lost the most Win%, with a link to the game at that move."""

    game_date: date
    time_class: str
    move_number: int
    colour: str
    san: str
    best_move: str | None
    win_percent_loss: float
    url: str | None

    @property
    def notation(self) -> str:
        """'23. Qh4' or '23... Qh4'."""
        return f"{self.move_number}{'.' if self.colour == 'white' else '...'} {self.san}"
