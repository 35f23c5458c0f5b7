"""The typed rows the chess queries return and the findings, charts and page read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

Result = Literal["wins", "draws", "losses"]
Grain = Literal["week", "month"]


@dataclass(frozen=True)
class ResultCounts:
    """Wins, draws and losses of a group of games; `games` counts every game of the group."""

    wins: int = 0
    draws: int = 0
    losses: int = 0
    games: int = 0

    def __add__(self, other: ResultCounts) -> ResultCounts:
        """The counts of both groups together."""
        return ResultCounts(
            self.wins + other.wins,
            self.draws + other.draws,
            self.losses + other.losses,
            self.games + other.games,
        )

    @property
    def rate(self) -> float | None:
        """The win rate, None when there are no games."""
        return self.share(self.wins)

    def share(self, count: int) -> float | None:
        """A count of this group as a share of its games, None when there are no games."""
        return count / self.games if self.games else None

    def of(self, result: Result) -> int:
        """The count of one result ('wins', 'draws' or 'losses')."""
        return getattr(self, result)


def total(counts: list[ResultCounts]) -> ResultCounts:
    """The counts of several groups added up."""
    return sum(counts, ResultCounts())


@dataclass(frozen=True)
class Group:
    """The results of the games sharing one value of a breakdown (a month, a colour, a band)."""

    key: Any
    counts: ResultCounts


Breakdowns = dict[str, list[Group]]


@dataclass(frozen=True)
class TimeClassSummary:
    """One time class of a player: games, days played, current rating and the one 30 days before."""

    time_class: str
    games: int
    first_day: date
    last_day: date
    current_rating: int
    games_30d: int
    rating_30d_ago: int

    @property
    def rating_change(self) -> int:
        """Rating points won or lost over the last 30 days."""
        return self.current_rating - self.rating_30d_ago

    @property
    def grain(self) -> Grain:
        """Weeks for a time class played over six months or less, months for longer ones."""
        return "week" if (self.last_day - self.first_day).days <= 180 else "month"


@dataclass(frozen=True)
class RatingPoint:
    """The rating after the last game of a day (or of a week, further back)."""

    time_class: str
    day: date
    rating: int


@dataclass(frozen=True)
class RankedOpening:
    """An opening on a colour's best or worst list, with its results."""

    ranking: Literal["best", "worst"]
    rank: int
    color: str
    opening: str
    counts: ResultCounts

    @property
    def name(self) -> str:
        """'Caro-Kann-Defense-2.Nf3' -> 'Caro Kann Defense 2.Nf3' (chess.com's ECOUrl slug, readable)."""
        return self.opening.replace("-", " ")
