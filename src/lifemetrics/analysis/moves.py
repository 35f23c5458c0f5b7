"""A game's moves from its PGN: what was played, on which clock, on how full a board."""

from __future__ import annotations

import io
from dataclasses import dataclass

import chess
import chess.pgn

from lifemetrics.analysis.errors import UnreadableGame


@dataclass(frozen=True)
class PlayedMove:
    """One half-move (ply, from 1) as played, with the mover's clock after it and the pieces before it.

    `pieces_before` counts queens, rooks, bishops and knights of both sides on the board before the
    move: what the models' game phase is read from.
    """

    ply: int
    colour: str
    san: str
    uci: str
    clock_seconds: float | None
    pieces_before: int


@dataclass(frozen=True)
class GameMoves:
    """The position the game started from and every move played from it."""

    start: chess.Board
    moves: list[PlayedMove]


def pieces_on(board: chess.Board) -> int:
    """Queens, rooks, bishops and knights on the board (both sides)."""
    return chess.popcount(board.occupied & ~board.pawns & ~board.kings)


def read_moves(pgn: str) -> GameMoves:
    """Replay the main line of `pgn`; UnreadableGame names the first illegal or unparsable move."""
    game = chess.pgn.read_game(io.StringIO(pgn))
    if game is None:
        raise UnreadableGame("no game in the PGN text")
    if game.errors:
        raise UnreadableGame(f"PGN error: {game.errors[0]}")
    start = game.board()
    board = start.copy()
    moves = []
    for ply, node in enumerate(game.mainline(), start=1):
        moves.append(
            PlayedMove(
                ply=ply,
                colour="white" if board.turn == chess.WHITE else "black",
                san=board.san(node.move),
                uci=node.move.uci(),
                clock_seconds=node.clock(),
                pieces_before=pieces_on(board),
            )
        )
        board.push(node.move)
    return GameMoves(start, moves)
