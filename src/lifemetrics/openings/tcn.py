"""chess.com's TCN move encoding (two characters per move), to and from python-chess moves."""

from __future__ import annotations

import chess

# Squares a1..h8, then promotions: queen, knight, rook, bishop x (capture left, push, capture right).
_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!?{~}(^)[_]@#$"
_INDEX = {char: index for index, char in enumerate(_ALPHABET)}
_PROMOTIONS = (chess.QUEEN, chess.KNIGHT, chess.ROOK, chess.BISHOP)


def decode_move(pair: str) -> chess.Move | None:
    """The move two TCN characters encode; None when they encode none (a drop, a bad character)."""
    source = _INDEX.get(pair[0], 64)
    target = _INDEX.get(pair[1:], len(_ALPHABET))
    if source >= 64 or target >= len(_ALPHABET):
        return None
    if target < 64:
        return chess.Move(source, target)
    piece, offset = divmod(target - 64, 3)
    file = chess.square_file(source) + offset - 1
    if not 0 <= file < 8:
        return None
    rank = 7 if chess.square_rank(source) == 6 else 0
    return chess.Move(source, chess.square(file, rank), _PROMOTIONS[piece])


def encode_move(move: chess.Move) -> str:
    """The two TCN characters of a move (the inverse of `decode_move`)."""
    if move.promotion is None:
        return _ALPHABET[move.from_square] + _ALPHABET[move.to_square]
    offset = chess.square_file(move.to_square) - chess.square_file(move.from_square) + 1
    piece = _PROMOTIONS.index(move.promotion)
    return _ALPHABET[move.from_square] + _ALPHABET[64 + 3 * piece + offset]
