"""SYNTHETIC chess.com game histories, in the exact JSON shape of the API's monthly archives.

Nothing here is real: the player, the opponents and every game are made up, deterministically
from (username, n_games, seed, end). What makes the data realistic:
- legal games played with python-chess from real openings (ECO codes and chess.com ECOUrls),
  then plausible random moves, then a real ending on the board;
- `%clk` clocks that run down with increments (daily games: the per-move clock);
- all four time classes (rapid most common), results and terminations in realistic proportions,
  draws of every kind, abandonments and timeouts, a few Chess960 games (rules 'chess960', no
  top-level `eco`), a few daily games that timed out before the first move (no clocks);
- post-game ratings, as the real API reports them, that move with results; the player slowly
  improves, and some openings suit them better than others.

Speed: playing a game costs about 10 ms. Histories above FRESH_LIMIT games re-stamp bodies from a
shared pool (`build_game_pool`): new uuid, url, times, opponents, ratings, headers; same moves.
`iter_player_history` yields month by month, so a million games never sit in memory at once.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import accumulate

import chess

from lifemetrics.synthetic.chess.bodies import (
    TIME_CONTROLS,
    Body,
    GamePool,
    build_game_pool,
    make_body,
)
from lifemetrics.synthetic.chess.openings import OPENINGS
from lifemetrics.synthetic.chess.players import Player, expected_score, make_player, opponent_name
from lifemetrics.synthetic.chess.schedule import month_schedule
from lifemetrics.synthetic.chess.stamp import Seat, stamp_game

FRESH_LIMIT = 3000
_K_FACTOR = 20
_OPENING_INDEX = {opening: index for index, opening in enumerate(OPENINGS)}


def generate_player_history(
    username: str, n_games: int, seed: int = 0, end: date | None = None
) -> dict[str, list[dict]]:
    """'YYYY-MM' -> that month's games sorted by end_time, `n_games` in all, the last month `end`'s."""
    pool = build_game_pool(seed) if n_games > FRESH_LIMIT else None
    return dict(iter_player_history(username, n_games, seed, end, pool))


def iter_player_history(
    username: str,
    n_games: int,
    seed: int = 0,
    end: date | None = None,
    pool: GamePool | None = None,
) -> Iterator[tuple[str, list[dict]]]:
    """(archive month, its games) oldest first; bodies are played fresh unless a `pool` is given."""
    rng = random.Random(f"chess-history:{seed}:{username.lower()}")
    player = make_player(rng, username)
    bodies = _BodySource(player, pool)
    ratings = dict(player.start_ratings)
    end = end or datetime.now(UTC).date()
    played = 0
    for month, end_times in month_schedule(rng, n_games, end, player.utc_offset_hours):
        games = []
        for end_time in end_times:
            games.append(_next_game(rng, player, bodies, ratings, end_time, played / n_games))
            played += 1
        yield month, games


def _next_game(
    rng: random.Random,
    player: Player,
    bodies: _BodySource,
    ratings: dict[str, int],
    end_time: int,
    progress: float,
) -> dict[str, object]:
    """The player's next game; updates `ratings` with its result when it is rated."""
    time_class = rng.choices(player.time_classes, cum_weights=player.time_class_cumulative)[0]
    control = player.favourite_controls[time_class]
    if rng.random() < 0.3:
        control = rng.choice(TIME_CONTROLS[time_class])
    rating = ratings[time_class]
    opponent_rating = max(100, rating + round(rng.gauss(0, 60)))
    colour = rng.random() < 0.5
    strength = player.start_ratings[time_class] + player.improvement * progress
    body = bodies.next(
        rng, control, colour, _wanted_winner(rng, colour, strength, opponent_rating, time_class)
    )
    rated = rng.random() < (0.85 if time_class == "daily" else 0.97)
    score = 0.5 if body.winner is None else float(body.winner == colour)
    change = round(_K_FACTOR * (score - expected_score(rating, opponent_rating))) if rated else 0
    ratings[time_class] = max(100, rating + change)
    me = Seat(player.username, ratings[time_class])
    opponent = rng.choice(player.regular_opponents) if rng.random() < 0.25 else opponent_name(rng)
    them = Seat(opponent, max(100, opponent_rating - change))
    white, black = (me, them) if colour == chess.WHITE else (them, me)
    return stamp_game(rng, body, white, black, rated, end_time)


def _wanted_winner(
    rng: random.Random, colour: chess.Color, strength: float, opponent_rating: int, time_class: str
) -> chess.Color | None:
    """Who should win: Elo odds of the player's true strength, a few percent of draws."""
    draw = 0.10 if time_class == "daily" else 0.06
    roll = rng.random()
    if roll < draw:
        return None
    wins = roll < draw + (1 - draw) * expected_score(strength, opponent_rating)
    return colour if wins else not colour


class _BodySource:
    """Bodies for the player's games, their openings following the player's repertoire and skill."""

    def __init__(self, player: Player, pool: GamePool | None) -> None:
        self.player = player
        self.pool = pool
        self._choices: dict[tuple, tuple[list, list[float]]] = {}

    def next(
        self, rng: random.Random, control: str, colour: chess.Color, winner: chess.Color | None
    ) -> Body:
        """A body for a game in `control` where the player has `colour` and `winner` should win."""
        outcome = 0 if winner is None else (1 if winner == colour else -1)
        if self.pool is None:
            key: tuple = (colour, outcome)
            if key not in self._choices:
                self._choices[key] = self._weighted(list(OPENINGS), OPENINGS, colour, outcome)
            openings, cumulative = self._choices[key]
            return make_body(rng, control, rng.choices(openings, cum_weights=cumulative)[0], winner)
        key = (control, colour, winner)
        if key not in self._choices:
            bodies = self.pool.bodies.get((control, winner)) or _all_of(self.pool, control)
            self._choices[key] = self._weighted(
                list(bodies), [body.opening for body in bodies], colour, outcome
            )
        bodies, cumulative = self._choices[key]
        return rng.choices(bodies, cum_weights=cumulative)[0]

    def _weighted(
        self, items: list, openings, colour: chess.Color, outcome: int
    ) -> tuple[list, list[float]]:
        """(items, cumulative weights): how likely the player reaches each item's opening with
        `colour`, tilted toward openings that suit them in wins and away from them in losses."""
        weights = []
        for opening in openings:
            index = _OPENING_INDEX[opening]
            skill = self.player.opening_skill[index]
            weights.append(self.player.repertoire[colour][index] * math.exp(outcome * skill))
        return items, list(accumulate(weights))


def _all_of(pool: GamePool, control: str) -> list[Body]:
    """Every pooled body of one time control (when a result bucket happens to be empty)."""
    return [body for (key, _), group in pool.bodies.items() if key == control for body in group]
