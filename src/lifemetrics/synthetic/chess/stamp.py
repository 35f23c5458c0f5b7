"""Turn a played body into one game object of the chess.com API: players, ratings, times, headers."""

from __future__ import annotations

import random
import time
from typing import NamedTuple

import chess

from lifemetrics.synthetic.chess.bodies import TIME_CLASS, Body
from lifemetrics.synthetic.chess.pgn import result_token
from lifemetrics.synthetic.chess.players import member

_WIN_TERMINATIONS = {
    "resigned": "won by resignation",
    "checkmated": "won by checkmate",
    "timeout": "won on time",
    "abandoned": "won - game abandoned",
}
_DRAW_TERMINATIONS = {
    "agreed": "Game drawn by agreement",
    "repetition": "Game drawn by repetition",
    "stalemate": "Game drawn by stalemate",
    "insufficient": "Game drawn by insufficient material",
    "50move": "Game drawn by 50-move rule",
    "timevsinsufficient": "Game drawn by timeout vs insufficient material",
}


class Seat(NamedTuple):
    """Who sat on one side and their rating after the game."""

    username: str
    rating: int


def stamp_game(
    rng: random.Random, body: Body, white: Seat, black: Seat, rated: bool, end_time: int
) -> dict[str, object]:
    """The game as the monthly archive returns it (same keys, same order, same PGN headers)."""
    daily = TIME_CLASS[body.time_control] == "daily"
    start_time = end_time - body.duration
    url = (
        f"https://www.chess.com/game/{'daily' if daily else 'live'}/{rng.randrange(10**9, 10**11)}"
    )
    white_result, black_result = _results(body)
    game: dict[str, object] = {
        "url": url,
        "pgn": _pgn(body, white, black, url, start_time, end_time),
        "time_control": body.time_control,
        "end_time": end_time,
        "rated": rated,
    }
    if rng.random() < 0.35:
        game["accuracies"] = _accuracies(rng, body.winner)
    game["tcn"] = body.tcn
    game["uuid"] = _game_uuid(rng)
    game["initial_setup"] = body.initial_setup
    game["fen"] = body.final_fen
    if daily:
        game["start_time"] = start_time
    game["time_class"] = TIME_CLASS[body.time_control]
    game["rules"] = body.rules
    game["white"] = member(white.username, white.rating, white_result)
    game["black"] = member(black.username, black.rating, black_result)
    if body.rules == "chess":
        game["eco"] = body.opening.url
    return game


def _results(body: Body) -> tuple[str, str]:
    """(white's result code, black's result code)."""
    if body.winner is None:
        return body.ending, body.ending
    return ("win", body.ending) if body.winner == chess.WHITE else (body.ending, "win")


def _termination(body: Body, white: Seat, black: Seat) -> str:
    """'Alice won by checkmate', 'Game drawn by repetition', ..."""
    if body.winner is None:
        return _DRAW_TERMINATIONS[body.ending]
    winner = white if body.winner == chess.WHITE else black
    return f"{winner.username} {_WIN_TERMINATIONS[body.ending]}"


def _pgn(body: Body, white: Seat, black: Seat, url: str, start_time: int, end_time: int) -> str:
    """The PGN with the tags chess.com writes, in its order (one f-string: this runs per game)."""
    start_date, start_clock = _date_and_time(start_time)
    end_date, end_clock = _date_and_time(end_time)
    event = "Let's Play!" if TIME_CLASS[body.time_control] == "daily" else "Live Chess"
    setup = ""
    if body.setup_fen:
        event += " - Chess960"
        setup = f'[Variant "Chess960"]\n[SetUp "1"]\n[FEN "{body.setup_fen}"]\n'
    return (
        f'[Event "{event}"]\n[Site "Chess.com"]\n[Date "{start_date}"]\n[Round "-"]\n'
        f'[White "{white.username}"]\n[Black "{black.username}"]\n[Result "{result_token(body.winner)}"]\n'
        f'{setup}[CurrentPosition "{body.final_fen}"]\n[Timezone "UTC"]\n'
        f'[ECO "{body.opening.eco}"]\n[ECOUrl "{body.opening.url}"]\n'
        f'[UTCDate "{start_date}"]\n[UTCTime "{start_clock}"]\n'
        f'[WhiteElo "{white.rating}"]\n[BlackElo "{black.rating}"]\n[TimeControl "{body.time_control}"]\n'
        f'[Termination "{_termination(body, white, black)}"]\n[StartTime "{start_clock}"]\n'
        f'[EndDate "{end_date}"]\n[EndTime "{end_clock}"]\n[Link "{url}"]\n\n{body.movetext}\n'
    )


def _date_and_time(epoch: int) -> tuple[str, str]:
    """('2025.02.01', '17:00:08') in UTC, as PGN headers write them."""
    moment = time.gmtime(epoch)
    return (
        f"{moment.tm_year:04d}.{moment.tm_mon:02d}.{moment.tm_mday:02d}",
        f"{moment.tm_hour:02d}:{moment.tm_min:02d}:{moment.tm_sec:02d}",
    )


def _game_uuid(rng: random.Random) -> str:
    """A random version-1-looking uuid like chess.com's game uuids."""
    digits = f"{rng.getrandbits(120):030x}"
    variant = "89ab"[rng.getrandbits(2)]
    return f"{digits[:8]}-{digits[8:12]}-1{digits[12:15]}-{variant}{digits[15:18]}-{digits[18:]}"


def _accuracies(rng: random.Random, winner: chess.Color | None) -> dict[str, float]:
    """Game-review accuracies: the winner usually played better."""

    def accuracy(colour: chess.Color) -> float:
        mean = 80.0 if winner is None else (85.0 if winner == colour else 70.0)
        return round(min(99.9, max(5.0, rng.gauss(mean, 8.0))), 2)

    return {"white": accuracy(chess.WHITE), "black": accuracy(chess.BLACK)}
