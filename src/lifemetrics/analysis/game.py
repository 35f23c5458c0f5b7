"""Analyse one game: the engine's evaluation of every position, paired up as before and after each move."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import chess.engine

from lifemetrics.analysis.engine import PositionEval, evaluate
from lifemetrics.analysis.moves import PlayedMove, read_moves


@dataclass(frozen=True)
class GameToAnalyse:
    """A tracked player's game as raw holds it."""

    player: str
    uuid: str
    pgn: str


@dataclass(frozen=True)
class AnalysedMove:
    """A played move with the evaluation of the position before and after it."""

    move: PlayedMove
    before: PositionEval
    after: PositionEval


@dataclass(frozen=True)
class AnalysedGame:
    """Every move of one game, evaluated; `positions` counts the positions evaluated (moves + 1)."""

    game: GameToAnalyse
    moves: list[AnalysedMove]
    positions: int
    seconds: float


class Stopped(Exception):
    """The analysis was asked to stop (time budget spent, interrupted) before the game was finished."""


def analyse_game(
    engine: chess.engine.SimpleEngine,
    game: GameToAnalyse,
    limit: chess.engine.Limit,
    should_stop: Callable[[], bool],
    on_position: Callable[[], None],
    clock: Callable[[], float],
) -> AnalysedGame:
    """Evaluate the start and every position after a move of `game`; Stopped when `should_stop()` turns true.

    Raises UnreadableGame for a PGN that cannot be replayed.
    """
    started = clock()
    replay = read_moves(game.pgn)
    board = replay.start.copy()
    evals = [evaluate(engine, board, limit, game.uuid)]
    on_position()
    for played in replay.moves:
        if should_stop():
            raise Stopped(game.uuid)
        board.push_uci(played.uci)
        evals.append(evaluate(engine, board, limit, game.uuid))
        on_position()
    moves = [
        AnalysedMove(played, evals[index], evals[index + 1])
        for index, played in enumerate(replay.moves)
    ]
    return AnalysedGame(game, moves, len(evals), clock() - started)
