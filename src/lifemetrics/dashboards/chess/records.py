"""The typed rows the chess queries return and the findings, charts and page read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from lifemetrics.dashboards.stats import Z_95, ExpectedScore, Interval

Result = Literal["wins", "draws", "losses"]
Grain = Literal["week", "month"]


@dataclass(frozen=True)
class ResultCounts:
    """Wins, draws and losses of a group of games; `games` counts every game of the group.

    `points` scores a draw 1/2; `expected_points` and `expected_variance` sum each game's Elo
    expected score e and e * (1 - e), for the score against what the ratings predicted.
    """

    wins: int = 0
    draws: int = 0
    losses: int = 0
    games: int = 0
    points: float = 0.0
    expected_points: float = 0.0
    expected_variance: float = 0.0

    def __add__(self, other: ResultCounts) -> ResultCounts:
        """The counts of both groups together."""
        return ResultCounts(
            self.wins + other.wins,
            self.draws + other.draws,
            self.losses + other.losses,
            self.games + other.games,
            self.points + other.points,
            self.expected_points + other.expected_points,
            self.expected_variance + other.expected_variance,
        )

    @property
    def rate(self) -> float | None:
        """The win rate, None when there are no games."""
        return self.share(self.wins)

    @property
    def score(self) -> float | None:
        """Points per game (a draw is 1/2), None when there are no games."""
        return self.share(self.points)

    @property
    def expected_score(self) -> float | None:
        """The mean Elo expected score of the games, None when there are no games."""
        return self.share(self.expected_points)

    def against_expectation(self, z: float = Z_95) -> Interval | None:
        """Score minus expected score, with its interval; None without games."""
        if not self.games:
            return None
        evidence = ExpectedScore(
            self.games, self.points, self.expected_points, self.expected_variance
        )
        return evidence.difference(z)

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
    """One time class of a player: games, days played, current rating and the one 30 days before
    (of its standard games: None where it has only chess960 games)."""

    time_class: str
    games: int
    first_day: date
    last_day: date
    current_rating: int | None
    games_30d: int
    rating_30d_ago: int | None

    @property
    def rating_change(self) -> int:
        """Rating points won or lost over the last 30 days (0 without standard games)."""
        if self.current_rating is None or self.rating_30d_ago is None:
            return 0
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
class OpeningFamily:
    """An opening family played with one colour (a row of `ranked_opening_families`).

    `verdict` is 'keep', 'study' or None (no clear difference against the ratings' expectation
    once widened for the families compared); `names` are the Lichess names under it.
    """

    color: str
    family: str
    counts: ResultCounts
    difference: Interval
    adjusted: Interval | None
    compared: bool
    families_compared: int
    verdict: Literal["keep", "study"] | None
    verdict_rank: int | None
    names: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class AccuracyPoint:
    """chess.com's mean accuracy of the player's and the opponents' moves over a group of games."""

    key: Any
    games: int
    mine: float
    opponents: float
