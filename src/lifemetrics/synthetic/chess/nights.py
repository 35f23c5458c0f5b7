"""SYNTHETIC rated games whose results depend on the night before by a known amount, to check what
lifemetrics finds about sleep and chess.

    nights = {day: score for each daily_sleep document of a synthetic person}
    months = games_after_nights("planted_01", nights, effect=0.4, seed=1, timezone="Europe/Paris")

Games fall on about two thirds of the nights' days, one to four a day in the evening (local time), blitz
or rapid. Each result is drawn so that the player scores the Elo expectation of the two pre-game ratings
plus effect/2 per game after a night in the top third of the game days (ordered by the night's value,
then by day) and minus effect/2 after one in the bottom third. With effect 0 results depend on the
ratings only. The first game of each time class falls on the day before the first night (it has no
pre-game rating, so it never counts), so every game day among the nights counts.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chess

from lifemetrics.synthetic.chess.bodies import Body, GamePool, build_game_pool
from lifemetrics.synthetic.chess.players import expected_score, opponent_name
from lifemetrics.synthetic.chess.stamp import Seat, stamp_game

TIME_CONTROLS = {"blitz": "300", "rapid": "600"}
PLAY_SHARE = 2 / 3
K_FACTOR = 20
DRAW_SHARE = 0.1
POOL_SEED = 0  # one pool of played bodies for every player: playing them is the slow part


def games_after_nights(
    username: str,
    nights: dict[date, float],
    effect: float,
    seed: int = 0,
    timezone: str = "UTC",
) -> dict[str, list[dict]]:
    """'YYYY-MM' -> that month's games sorted by end_time, results shaped by `nights` and `effect`."""
    rng = random.Random(f"chess-nights:{seed}:{username.lower()}")
    zone = ZoneInfo(timezone)
    bodies = standard_bodies(build_game_pool(POOL_SEED, per_time_control=20))
    ratings = {time_class: rng.randint(1200, 1800) for time_class in TIME_CONTROLS}
    days = sorted(day for day in nights if rng.random() < PLAY_SHARE)
    planted = planted_shift(days, nights, effect)
    games = [
        _game(
            rng,
            bodies,
            username,
            ratings,
            time_class,
            _evening(rng, min(nights) - timedelta(1), zone),
            0.0,
        )
        for time_class in TIME_CONTROLS
    ]
    for day in days:
        for _ in range(rng.randint(1, 4)):
            time_class = rng.choice(list(TIME_CONTROLS))
            games.append(
                _game(
                    rng,
                    bodies,
                    username,
                    ratings,
                    time_class,
                    _evening(rng, day, zone),
                    planted[day],
                )
            )
    months: dict[str, list[dict]] = {}
    for game in sorted(games, key=lambda game: game["end_time"]):
        month = datetime.fromtimestamp(game["end_time"], UTC).strftime("%Y-%m")
        months.setdefault(month, []).append(game)
    return months


def planted_shift(days: list[date], nights: dict[date, float], effect: float) -> dict[date, float]:
    """Points per game added on each game day: +effect/2 in the top third of `days` by their night
    (then by day), -effect/2 in the bottom third, as SQL's ntile(3) cuts them (larger thirds first)."""
    ordered = sorted(days, key=lambda day: (nights[day], day))
    size, extra = divmod(len(ordered), 3)
    bounds = [size + (1 if third < extra else 0) for third in range(3)]
    bottom, middle = bounds[0], bounds[0] + bounds[1]
    return {
        day: -effect / 2 if rank < bottom else (0.0 if rank < middle else effect / 2)
        for rank, day in enumerate(ordered)
    }


def standard_bodies(pool: GamePool) -> dict[tuple[str, chess.Color | None], list[Body]]:
    """The pool's standard-chess bodies (a chess960 game would start a rating pool of its own)."""
    return {
        key: [body for body in group if body.rules == "chess"] for key, group in pool.bodies.items()
    }


def _evening(rng: random.Random, day: date, zone: ZoneInfo) -> int:
    """A game end between 17:00 and 22:59 local time on `day`, as epoch seconds."""
    clock = time(rng.randint(17, 22), rng.randint(0, 59), rng.randint(0, 59))
    return int(datetime.combine(day, clock, tzinfo=zone).timestamp())


def _game(
    rng: random.Random,
    bodies: dict[tuple[str, chess.Color | None], list[Body]],
    username: str,
    ratings: dict[str, int],
    time_class: str,
    end_time: int,
    shift: float,
) -> dict[str, object]:
    """One rated game whose expected points are the Elo expectation plus `shift`; updates `ratings`."""
    rating = ratings[time_class]
    opponent_rating = max(100, rating + round(rng.gauss(0, 100)))
    expected = expected_score(rating, opponent_rating)
    target = min(0.98, max(0.02, expected + shift))
    draw = min(DRAW_SHARE, 2 * target, 2 * (1 - target))
    roll = rng.random()
    points = 1.0 if roll < target - draw / 2 else (0.5 if roll < target + draw / 2 else 0.0)
    colour = rng.random() < 0.5
    winner = None if points == 0.5 else (colour if points == 1.0 else not colour)
    control = TIME_CONTROLS[time_class]
    body = rng.choice(bodies[(control, winner)])
    change = round(K_FACTOR * (points - expected))
    ratings[time_class] = rating + change
    me = Seat(username, rating + change)
    them = Seat(opponent_name(rng), opponent_rating - change)
    white, black = (me, them) if colour == chess.WHITE else (them, me)
    return stamp_game(rng, body, white, black, True, end_time)
