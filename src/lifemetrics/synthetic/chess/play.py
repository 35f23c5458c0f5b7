"""Legal games played with python-chess: an opening line, plausible random moves, then a planned ending.

Every ending is real on the board: checkmates, stalemates, insufficient material, threefold
repetitions and 50-move draws are played out, not just labelled. When the random middle game
ends by itself first (a blunder into mate, say), that natural ending is what the game reports.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import chess

from lifemetrics.chess_result_codes import draw_codes

DECISIVE_ENDINGS = ("resigned", "checkmated", "timeout", "abandoned")
DRAW_ENDINGS = draw_codes()
_VALUE = (0, 1, 3, 3, 5, 9, 0)  # indexed by python-chess piece type
_FINISH_PLIES = 240

Ending = tuple[str, "chess.Color | None"]  # (result code that ended the game, winner or None)


@dataclass(frozen=True)
class Plan:
    """What to play: the opening line, when the middle game stops, how the game ends and who wins."""

    opening: tuple[str, ...]
    plies: int
    ending: str
    winner: chess.Color | None


@dataclass(frozen=True)
class PlayedGame:
    """A finished game: its moves (SAN and python-chess moves), final position and real ending."""

    board: chess.Board
    sans: tuple[str, ...]
    ending: str
    winner: chess.Color | None


def play_game(rng: random.Random, plan: Plan, board: chess.Board | None = None) -> PlayedGame:
    """Play `plan` from `board` (standard start by default, or a Chess960 start)."""
    board = board if board is not None else chess.Board()
    sans: list[str] = [board.san_and_push(board.parse_san(san)) for san in plan.opening]
    ending = None
    while ending is None and len(sans) < plan.plies:
        ending = _play(board, rng, sans, _plausible_move)
    if ending is None:
        ending = _FINISHERS[plan.ending](board, rng, sans, plan.winner)
    return PlayedGame(board, tuple(sans), *ending)


def natural_ending(board: chess.Board) -> Ending | None:
    """The ending chess.com applies by itself after the last move, if any."""
    if not any(board.generate_legal_moves()):
        return ("checkmated", not board.turn) if board.is_check() else ("stalemate", None)
    if board.is_insufficient_material():
        return "insufficient", None
    if board.halfmove_clock >= 100:
        return "50move", None
    if board.halfmove_clock >= 8 and board.is_repetition(3):
        return "repetition", None
    return None


Chooser = Callable[[chess.Board, list[chess.Move], random.Random], chess.Move]


def _play(
    board: chess.Board, rng: random.Random, sans: list[str], choose: Chooser
) -> Ending | None:
    """One move chosen by `choose`; the natural ending it causes, if any."""
    move = choose(board, list(board.legal_moves), rng)
    sans.append(board.san_and_push(move))
    return natural_ending(board)


def _plausible_move(board: chess.Board, moves: list[chess.Move], rng: random.Random) -> chess.Move:
    """Club-player-like randomness: captures, castling and development are preferred."""
    ours, theirs = board.occupied_co[board.turn], board.occupied_co[not board.turn]
    opening = board.fullmove_number <= 10
    weights = []
    for move in moves:
        piece = board.piece_type_at(move.from_square)
        if piece == chess.KING:
            castles = (
                abs(move.to_square - move.from_square) == 2
                or ours & chess.BB_SQUARES[move.to_square]
            )
            weight = 8.0 if castles else 0.3
        elif theirs & chess.BB_SQUARES[move.to_square]:
            weight = 2.0 + _VALUE[board.piece_type_at(move.to_square) or 0]
        elif opening and piece in (chess.KNIGHT, chess.BISHOP):
            weight = 3.0
        else:
            weight = 1.0
        if move.promotion:
            weight = 20.0 if move.promotion == chess.QUEEN else 0.1
        weights.append(weight)
    return rng.choices(moves, weights)[0]


def _random_move(board: chess.Board, moves: list[chess.Move], rng: random.Random) -> chess.Move:
    """Any legal move."""
    return rng.choice(moves)


def _greedy_move(board: chess.Board, moves: list[chess.Move], rng: random.Random) -> chess.Move:
    """The most valuable capture, else a plausible move."""
    captures = [move for move in moves if board.is_capture(move)]
    if not captures:
        return _plausible_move(board, moves, rng)
    return max(
        captures, key=lambda move: (_VALUE[board.piece_type_at(move.to_square) or 1], rng.random())
    )


def _giveaway_move(board: chess.Board, moves: list[chess.Move], rng: random.Random) -> chess.Move:
    """Trade material off: capture when possible, else put a piece where it can be taken."""
    captures = [move for move in moves if board.is_capture(move)]
    return rng.choice(captures) if captures else _sacrifice_move(board, moves, rng)


def _sacrifice_move(board: chess.Board, moves: list[chess.Move], rng: random.Random) -> chess.Move:
    """A non-capture that puts a piece where it can be taken, if there is one."""
    quiet = [move for move in moves if not board.is_capture(move)] or moves
    hanging = [move for move in quiet if board.is_attacked_by(not board.turn, move.to_square)]
    return rng.choice(hanging or quiet)


def _squeeze_move(
    board: chess.Board, moves: list[chess.Move], rng: random.Random, stalemate: bool
) -> chess.Move:
    """The move leaving the opponent fewest replies; one that ends the game in checkmate (or, when
    asked, stalemate) is played at once."""
    best, best_score = moves[0], float("inf")
    for move in moves:
        capture = _VALUE[board.piece_type_at(move.to_square) or 0] if board.is_capture(move) else 0
        board.push(move)
        replies = board.legal_moves.count()
        check = board.is_check()
        repeated = board.is_repetition(2)
        board.pop()
        if repeated:
            continue
        if replies == 0:
            if check != stalemate:
                return move
            continue
        score = replies - 3 * capture + (2 if check and stalemate else 0) + rng.random() * 2
        if score < best_score:
            best, best_score = move, score
    return best


def _finish_by_mate(
    board: chess.Board, rng: random.Random, sans: list[str], winner, stalemate=False
) -> Ending:
    """The winner hunts the other king (greedy captures, then squeezing); the loser collapses."""
    for _ in range(_FINISH_PLIES):
        if board.turn == winner:
            if chess.popcount(board.occupied_co[not winner]) > 3:
                choose: Chooser = _greedy_move
            else:
                choose = partial(_squeeze_move, stalemate=stalemate)
        else:
            choose = _sacrifice_move
        ending = _play(board, rng, sans, choose)
        if ending is not None:
            return ending
    return "resigned", winner


def _finish_by_stalemate(board: chess.Board, rng: random.Random, sans: list[str], winner) -> Ending:
    return _finish_by_mate(board, rng, sans, rng.choice([chess.WHITE, chess.BLACK]), stalemate=True)


def _finish_by_trades(board: chess.Board, rng: random.Random, sans: list[str], winner) -> Ending:
    """Both sides give material away until neither can mate."""
    for _ in range(_FINISH_PLIES):
        ending = _play(board, rng, sans, _giveaway_move)
        if ending is not None:
            return ending
    return "agreed", None


def _finish_on_time_vs_insufficient(
    board: chess.Board, rng: random.Random, sans: list[str], winner
) -> Ending:
    """One side gives everything away; the other, still able to mate, then runs out of time."""
    flagger = rng.choice([chess.WHITE, chess.BLACK])
    for _ in range(_FINISH_PLIES):
        if board.has_insufficient_material(not flagger) and board.turn == flagger:
            return "timevsinsufficient", None
        choose = _greedy_move if board.turn == flagger else _sacrifice_move
        if board.turn == flagger and chess.popcount(board.occupied_co[not flagger]) <= 2:
            choose = _random_move
        ending = _play(board, rng, sans, choose)
        if ending is not None:
            return ending
    return "agreed", None


def _finish_by_fifty_moves(
    board: chess.Board, rng: random.Random, sans: list[str], winner
) -> Ending:
    """Quiet piece moves only (no capture, no pawn move, no third repetition) for 50 moves."""
    for _ in range(_FINISH_PLIES):
        quiet = [
            move
            for move in board.legal_moves
            if not board.is_capture(move) and board.piece_type_at(move.from_square) != chess.PAWN
        ]
        rng.shuffle(quiet)
        move = next((move for move in quiet if not _repeats(board, move)), None)
        if move is None:
            return "agreed", None
        sans.append(board.san_and_push(move))
        ending = natural_ending(board)
        if ending is not None:
            return ending
    return "agreed", None


def _repeats(board: chess.Board, move: chess.Move) -> bool:
    """Would `move` bring a position back for the second time (a step toward threefold)?"""
    board.push(move)
    repeated = board.is_repetition(2)
    board.pop()
    return repeated


def _finish_by_repetition(
    board: chess.Board, rng: random.Random, sans: list[str], winner
) -> Ending:
    """Both sides shuffle a piece back and forth until the position has occurred three times."""
    for _ in range(20):
        shuffle = _shuffle_moves(board, rng)
        if shuffle is not None:
            break
        ending = _play(board, rng, sans, _plausible_move)
        if ending is not None:
            return ending
    else:
        return "agreed", None
    for move in shuffle * 3:
        sans.append(board.san_and_push(move))
        ending = natural_ending(board)
        if ending is not None:
            return ending
    return "agreed", None


def _shuffle_moves(board: chess.Board, rng: random.Random) -> list[chess.Move] | None:
    """Four quiet moves (there, there, back, back) that return to the current position, if found."""
    there = []
    for _ in range(2):
        quiet = [
            move
            for move in board.legal_moves
            if not board.is_capture(move)
            and board.piece_type_at(move.from_square) in (chess.KNIGHT, chess.BISHOP, chess.QUEEN)
        ]
        if not quiet:
            break
        there.append(rng.choice(quiet))
        board.push(there[-1])
    back = [chess.Move(move.to_square, move.from_square) for move in there]
    legal = len(there) == 2 and not board.is_check() and board.is_legal(back[0])
    if legal:
        board.push(back[0])
        legal = not board.is_check() and board.is_legal(back[1])
        board.pop()
    for _ in there:
        board.pop()
    return there + back if legal else None


def _stop(board: chess.Board, rng: random.Random, sans: list[str], winner, ending: str) -> Ending:
    """End now with `ending`; a timeout or abandonment happens on the loser's turn."""
    if ending in ("timeout", "abandoned") and board.turn == winner:
        natural = _play(board, rng, sans, _plausible_move)
        if natural is not None:
            return natural
    return ending, winner


_FINISHERS: dict[str, Callable[..., Ending]] = {
    "checkmated": _finish_by_mate,
    "stalemate": _finish_by_stalemate,
    "insufficient": _finish_by_trades,
    "timevsinsufficient": _finish_on_time_vs_insufficient,
    "50move": _finish_by_fifty_moves,
    "repetition": _finish_by_repetition,
    **{
        code: partial(_stop, ending=code) for code in ("resigned", "timeout", "abandoned", "agreed")
    },
}
