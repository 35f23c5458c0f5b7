"""Reading a game's moves for the engine: plies, clocks and pieces from real PGNs; unreadable PGNs named."""

from __future__ import annotations

import io

import chess
import chess.pgn
import pytest
from chess_support import fixture_games

from lifemetrics.analysis.errors import UnreadableGame
from lifemetrics.analysis.moves import read_moves


def test_real_games_replay_with_every_ply_clock_and_piece_count() -> None:
    for game in fixture_games("2025-02")[:20]:
        oracle = chess.pgn.read_game(io.StringIO(game["pgn"]))
        replay = read_moves(game["pgn"])
        expected = [node.move.uci() for node in oracle.mainline()]
        assert [move.uci for move in replay.moves] == expected
        assert [move.ply for move in replay.moves] == list(range(1, len(expected) + 1))
        assert [move.colour for move in replay.moves][:2] == ["white", "black"][: len(expected)]
        assert [move.clock_seconds for move in replay.moves] == [
            node.clock() for node in oracle.mainline()
        ]
        assert replay.moves[0].pieces_before == 14
        board, counts = oracle.board(), []
        for node in oracle.mainline():
            counts.append(
                sum(
                    len(board.pieces(kind, colour))
                    for kind in (chess.KNIGHT, chess.BISHOP, chess.ROOK, chess.QUEEN)
                    for colour in chess.COLORS
                )
            )
            board.push(node.move)
        assert [move.pieces_before for move in replay.moves] == counts


def test_an_illegal_move_is_named() -> None:
    with pytest.raises(UnreadableGame, match="Qh5"):
        read_moves('[Result "*"]\n\n1. e4 e5 2. Qh5 Qh5 *\n')
