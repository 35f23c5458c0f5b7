"""Who plays the synthetic games: the tracked player's habits and strengths, and their opponents."""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass
from functools import lru_cache

import chess

from lifemetrics.synthetic.chess.bodies import TIME_CONTROLS
from lifemetrics.synthetic.chess.openings import OPENINGS

PLAYER_URL = "https://api.chess.com/pub/player/"
_ADJECTIVES = (
    "Silent", "Brave", "Lazy", "Quick", "Rusty", "Clever", "Wild", "Sneaky", "Happy", "Grumpy",
    "Lucky", "Mighty", "Tiny", "Cosmic", "Frozen", "Golden", "Shadow", "Crazy", "Calm", "Iron",
)  # fmt: skip
_NOUNS = (
    "Knight", "Bishop", "Rook", "Pawn", "Gambit", "Castle", "Tiger", "Falcon", "Panda", "Otter",
    "Wizard", "Dragon", "Badger", "Fox", "Raven", "Comet", "Pirate", "Monk", "Sloth", "Viking",
)  # fmt: skip


@dataclass(frozen=True)
class Player:
    """The tracked player: time-class habits (cumulative odds), ratings, openings by colour and
    how well each goes."""

    username: str
    utc_offset_hours: int
    time_classes: tuple[str, ...]
    time_class_cumulative: tuple[float, ...]
    favourite_controls: dict[str, str]
    start_ratings: dict[str, int]
    improvement: float
    repertoire: dict[chess.Color, tuple[float, ...]]
    opening_skill: tuple[float, ...]
    regular_opponents: tuple[str, ...]


def make_player(rng: random.Random, username: str) -> Player:
    """A player who mostly plays rapid, with a favourite first move and openings that suit them."""
    rapid = rng.randint(700, 1500)
    favourite_first_move = rng.choices(["e4", "d4", "c4", "Nf3"], [70, 22, 5, 3])[0]
    white = tuple(
        opening.weight
        * rng.lognormvariate(0, 0.8)
        * (5 if opening.moves[0] == favourite_first_move else 1)
        for opening in OPENINGS
    )
    black = tuple(opening.weight * rng.lognormvariate(0, 0.8) for opening in OPENINGS)
    return Player(
        username=username,
        utc_offset_hours=rng.choice([-8, -6, -5, -3, 0, 1, 2, 3, 5, 8]),
        time_classes=("rapid", "blitz", "bullet", "daily"),
        time_class_cumulative=(60, 82, 92, 100),
        favourite_controls={name: rng.choice(controls) for name, controls in TIME_CONTROLS.items()},
        start_ratings={
            "rapid": rapid,
            "blitz": rapid - 120,
            "bullet": rapid - 220,
            "daily": rapid + 60,
        },
        improvement=rng.uniform(80, 300),
        repertoire={chess.WHITE: white, chess.BLACK: black},
        opening_skill=tuple(rng.gauss(0, 0.45) for _ in OPENINGS),
        regular_opponents=tuple(opponent_name(rng) for _ in range(15)),
    )


def opponent_name(rng: random.Random) -> str:
    """A made-up chess.com username such as 'SneakyOtter1984'."""
    name = f"{rng.choice(_ADJECTIVES)}{rng.choice(_NOUNS)}{rng.randint(1, 2024)}"
    return name.lower() if rng.random() < 0.3 else name


def member(username: str, rating: int, result: str) -> dict[str, object]:
    """The `white` / `black` object of a game, as the API returns it."""
    profile, member_uuid = _identity(username)
    return {
        "rating": rating,
        "result": result,
        "@id": profile,
        "username": username,
        "uuid": member_uuid,
    }


@lru_cache(maxsize=65536)
def _identity(username: str) -> tuple[str, str]:
    """(profile URL, a stable uuid derived from it) of a username."""
    profile = PLAYER_URL + username.lower()
    return profile, str(uuid.uuid5(uuid.NAMESPACE_URL, profile))


def expected_score(rating: float, opponent_rating: float) -> float:
    """Elo expectation of a player rated `rating` against `opponent_rating`."""
    return 1.0 / (1.0 + math.pow(10.0, (opponent_rating - rating) / 400.0))
