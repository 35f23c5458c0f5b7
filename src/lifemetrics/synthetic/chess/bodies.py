"""Game bodies: everything about a synthetic game except who played it and when.

A body is a legal game played with python-chess (opening, moves with `%clk` clocks, final
position, TCN, ending). Small histories play a fresh body per game; large ones re-stamp bodies
from a `GamePool`, because playing a game costs milliseconds and stamping one microseconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import chess

from lifemetrics.synthetic.chess.clocks import game_clocks
from lifemetrics.synthetic.chess.openings import OPENINGS, Opening
from lifemetrics.synthetic.chess.pgn import encode_tcn, movetext, result_token
from lifemetrics.synthetic.chess.play import DECISIVE_ENDINGS, DRAW_ENDINGS, Plan, play_game

TIME_CONTROLS: dict[str, tuple[str, ...]] = {
    "bullet": ("60", "120+1"),
    "blitz": ("180", "180+2", "300"),
    "rapid": ("600", "900+10", "1800"),
    "daily": ("1/86400", "1/259200"),
}
TIME_CLASS = {
    control: time_class for time_class, controls in TIME_CONTROLS.items() for control in controls
}
_DECISIVE_WEIGHTS = {
    "bullet": (40, 12, 45, 3),
    "blitz": (50, 18, 28, 4),
    "rapid": (55, 22, 18, 5),
    "daily": (50, 15, 30, 5),
}
_DRAW_WEIGHTS = (30, 30, 10, 15, 5, 10)
_CHESS960_SHARE = 0.04


@dataclass(frozen=True, slots=True)
class Body:
    """A played game, ready to be stamped with players, ratings and times."""

    time_control: str
    rules: str
    initial_setup: str
    setup_fen: str | None
    opening: Opening
    movetext: str
    final_fen: str
    tcn: str
    ending: str
    winner: chess.Color | None
    duration: int


def make_body(
    rng: random.Random, time_control: str, opening: Opening, winner: chess.Color | None
) -> Body:
    """Play one game in `time_control` that (usually) ends with `winner` winning, or a draw."""
    time_class = TIME_CLASS[time_control]
    if winner is None:
        ending = rng.choices(DRAW_ENDINGS, _DRAW_WEIGHTS)[0]
    else:
        ending = rng.choices(DECISIVE_ENDINGS, _DECISIVE_WEIGHTS[time_class])[0]
    chess960 = time_class in ("blitz", "rapid") and rng.random() < _CHESS960_SHARE
    board = chess.Board.from_chess960_pos(rng.randrange(960)) if chess960 else chess.Board()
    line = () if chess960 else opening.moves
    plies = (
        0 if _never_moved(rng, time_class, ending) else max(len(line), int(rng.gauss(72, 24)), 12)
    )
    if plies == 0:
        line, winner = (), chess.BLACK
    played = play_game(rng, Plan(line, plies, ending, winner), board)
    flagger = _flagger(played.ending, played.winner, played.board.turn)
    clocks, duration = game_clocks(rng, len(played.sans), time_control, flagger)
    root = played.board.root()
    return Body(
        time_control=time_control,
        rules="chess960" if chess960 else "chess",
        initial_setup=root.fen(),
        setup_fen=root.fen(shredder=True) if chess960 else None,
        opening=opening,
        movetext=movetext(played.sans, clocks, result_token(played.winner)),
        final_fen=played.board.fen(),
        tcn=encode_tcn(played.board.move_stack),
        ending=played.ending,
        winner=played.winner,
        duration=duration,
    )


def _never_moved(rng: random.Random, time_class: str, ending: str) -> bool:
    """A few daily games time out before white's first move (they have no clock at all)."""
    return time_class == "daily" and ending == "timeout" and rng.random() < 0.15


def _flagger(ending: str, winner: chess.Color | None, to_move: chess.Color) -> chess.Color | None:
    """Who ran out of time: the loser of a timeout, the side to move in timeout vs insufficient."""
    if ending == "timeout":
        return not winner
    return to_move if ending == "timevsinsufficient" else None


@dataclass(frozen=True)
class GamePool:
    """Pre-played bodies by (time control, winner: WHITE/BLACK/None), for fast large histories."""

    bodies: dict[tuple[str, chess.Color | None], tuple[Body, ...]]


@lru_cache(maxsize=4)
def build_game_pool(seed: int = 0, per_time_control: int = 150) -> GamePool:
    """`per_time_control` bodies for every time control: 40% won by each colour, 20% drawn.

    Each body is played from its own seed, so a pool depends only on (seed, per_time_control).
    """
    bodies: dict[tuple[str, chess.Color | None], list[Body]] = {}
    openings_weights = [opening.weight for opening in OPENINGS]
    for control in TIME_CLASS:
        for index in range(per_time_control):
            rng = random.Random(f"pool:{seed}:{control}:{index}")
            winner = (chess.WHITE, chess.WHITE, chess.BLACK, chess.BLACK, None)[index % 5]
            opening = rng.choices(OPENINGS, openings_weights)[0]
            body = make_body(rng, control, opening, winner)
            bodies.setdefault((control, body.winner), []).append(body)
    return GamePool({key: tuple(group) for key, group in bodies.items()})
