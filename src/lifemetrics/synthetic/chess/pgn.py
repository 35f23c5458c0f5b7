"""Text chess.com writes for a game: movetext with `%clk` comments, result tokens, TCN move encoding."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import chess

_TCN_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!?{~}(^)[_]@#$,./&-*++="
)
_TCN_PROMOTIONS = "qnrbkp"


def result_token(winner: chess.Color | None) -> str:
    """'1-0', '0-1' or '1/2-1/2'."""
    if winner is None:
        return "1/2-1/2"
    return "1-0" if winner == chess.WHITE else "0-1"


def clock_text(seconds: float) -> str:
    """'0:00:59' or '1:24:36.6', as chess.com writes `%clk` (tenths only when not zero)."""
    tenths = round(seconds * 10)
    hours, rest = divmod(tenths, 36000)
    minutes, rest = divmod(rest, 600)
    whole, tenth = divmod(rest, 10)
    text = f"{hours}:{minutes:02d}:{whole:02d}"
    return f"{text}.{tenth}" if tenth else text


def movetext(sans: Sequence[str], clocks: Sequence[float], result: str) -> str:
    """'1. e4 {[%clk 0:02:59.9]} 1... e5 {[%clk 0:02:58]} 2. Nf3 ... 1-0' (white moves first)."""
    parts = []
    for ply, (san, clock) in enumerate(zip(sans, clocks)):
        number = f"{ply // 2 + 1}." if ply % 2 == 0 else f"{ply // 2 + 1}..."
        parts.append(f"{number} {san} {{[%clk {clock_text(clock)}]}}")
    parts.append(result)
    return " ".join(parts)


def encode_tcn(moves: Iterable[chess.Move]) -> str:
    """chess.com's two-characters-per-move TCN encoding of a move list."""
    chars = []
    for move in moves:
        chars.append(_TCN_ALPHABET[move.from_square])
        if move.promotion:
            piece = _TCN_PROMOTIONS.index(chess.piece_symbol(move.promotion))
            offset = chess.square_file(move.to_square) - chess.square_file(move.from_square) + 1
            chars.append(_TCN_ALPHABET[64 + piece * 3 + offset])
        else:
            chars.append(_TCN_ALPHABET[move.to_square])
    return "".join(chars)
