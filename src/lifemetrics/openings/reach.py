"""Whether a named position can still come up later in a game, from what moves cannot undo.

Pawns never move back and change file only by capturing, captured men never return and lost
castling rights never come back: a position whose pawns, men or rights cannot turn into a named
position's never reaches it, and the search for names stops once no named position is left. The
test is necessary, not sufficient (it may keep a hopeless target, never drop a reachable one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import chess

_ALL = chess.BB_ALL
_NOT_FILE_A = _ALL & ~chess.BB_FILE_A
_NOT_FILE_H = _ALL & ~chess.BB_FILE_H
# Captures counted per side at most: seven diagonal steps already reach every file.
_MAX_CAPTURES = 7


def _fill(squares: int, north: bool) -> int:
    """`squares` and every square ahead of one of them (towards rank 8 if `north`)."""
    for shift in (8, 16, 32):
        squares |= (squares << shift) & _ALL if north else squares >> shift
    return squares


def _diagonal_step(squares: int, north: bool) -> int:
    """The squares one pawn capture ahead of `squares`."""
    if north:
        return (squares << 9) & _NOT_FILE_A | (squares << 7) & _NOT_FILE_H
    return (squares >> 7) & _NOT_FILE_A | (squares >> 9) & _NOT_FILE_H


def _cones(pawns: int, north: bool) -> tuple[int, ...]:
    """Per number of captures (0-7), the squares these pawns may stand on later (going `north`
    or south), each capture one step diagonally forward."""
    cone = _fill(pawns, north)
    cones = [cone]
    for _ in range(_MAX_CAPTURES):
        cone = _fill(cone | _diagonal_step(cone, north), north)
        cones.append(cone)
    return tuple(cones)


@dataclass(frozen=True)
class Irreversible:
    """The part of a position moves cannot undo: pawns and men of each side, castling rights."""

    white_pawns: int
    black_pawns: int
    white_men: int
    black_men: int
    castling: int

    @classmethod
    def of(cls, board: chess.Board) -> Irreversible:
        white, black = board.occupied_co[chess.WHITE], board.occupied_co[chess.BLACK]
        return cls(
            board.pawns & white,
            board.pawns & black,
            white.bit_count(),
            black.bit_count(),
            board.clean_castling_rights(),
        )


class Target(NamedTuple):
    """A named position's irreversible part, with the squares its pawns can come from."""

    castling: int
    white_men: int
    black_men: int
    white_pawns: int
    black_pawns: int
    white_pawn_count: int
    black_pawn_count: int
    white_origins: tuple[int, ...]  # per number of white captures
    black_origins: tuple[int, ...]

    @classmethod
    def of(cls, state: Irreversible) -> Target:
        """White pawns come from the south of their squares, black ones from the north."""
        return cls(
            state.castling,
            state.white_men,
            state.black_men,
            state.white_pawns,
            state.black_pawns,
            state.white_pawns.bit_count(),
            state.black_pawns.bit_count(),
            _cones(state.white_pawns, False),
            _cones(state.black_pawns, True),
        )


def still_reachable(now: Irreversible, targets: Iterable[Target]) -> tuple[Target, ...]:
    """The targets a position with `now` could still be followed by."""
    white_cones = _cones(now.white_pawns, True)
    black_cones = _cones(now.black_pawns, False)
    white_pawns, black_pawns = now.white_pawns, now.black_pawns
    white_count, black_count = white_pawns.bit_count(), black_pawns.bit_count()
    lost_rights = ~now.castling
    kept = []
    for target in targets:
        (
            castling,
            white_men,
            black_men,
            later_white,
            later_black,
            white_left,
            black_left,
            white_origins,
            black_origins,
        ) = target
        white_captures = now.black_men - black_men
        black_captures = now.white_men - white_men
        if castling & lost_rights or white_captures < 0 or black_captures < 0:
            continue
        white_captures = min(white_captures, _MAX_CAPTURES)
        black_captures = min(black_captures, _MAX_CAPTURES)
        if later_white & ~white_cones[white_captures] or later_black & ~black_cones[black_captures]:
            continue
        # a pawn from whose square no later pawn can be reached must vanish (captured, promoted)
        if (white_pawns & ~white_origins[white_captures]).bit_count() > white_count - white_left:
            continue
        if (black_pawns & ~black_origins[black_captures]).bit_count() > black_count - black_left:
            continue
        kept.append(target)
    return tuple(kept)
