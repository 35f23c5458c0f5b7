"""Fast reads of a PGN's movetext (first moves, last move number, end clocks) without replaying moves.

Only the start and, for chess.com's usual ending, the last two moves are read: that is what
makes extraction run at tens of thousands of games per second. Other movetexts (no clocks, under
two moves, variations `( ... )`, `;` comments) are tokenized whole, with the same results.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

WHITE, BLACK = 0, 1

_TOKEN = re.compile(
    r"\{(?P<comment>[^}]*)\}?"
    r"|;[^\n]*"
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<result>(?:1-0|0-1|1/2-1/2|\*)(?![^\s{}();]))"
    r"|\d+(?P<dots>\.+)"
    r"|\$\d+"
    r"|(?P<san>[^\s{}();$]+)"
)
# Same pattern and arithmetic as python-chess's `GameNode.clock()`, so values are identical.
_CLOCK = re.compile(r"\[%clk\s(\d+):(\d+):(\d+(?:\.\d*)?)\]")
_PLY = r"\s*(\d+)(\.|\.\.\.)\s+[A-Za-z][^\s{}();$]*\s+\{\[%clk\s(\d+):(\d+):(\d+(?:\.\d*)?)\]\}\s+"
_CHESS_COM_ENDING = re.compile(_PLY + _PLY + r"(?:1-0|0-1|1/2-1/2|\*)\s*\Z")


def clock_seconds(comment: str) -> float | None:
    """Seconds of the first `[%clk h:mm:ss.s]` in a comment, None without one."""
    match = _CLOCK.search(comment)
    if match is None:
        return None
    return _seconds(*match.groups())


def _seconds(hours: str, minutes: str, seconds: str) -> float:
    """h, m, s.s of a `%clk` as seconds, computed exactly as python-chess does."""
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


# chess.com's usual start from the standard position: white's first move, its clock, black's first move
# (a SAN starts with a letter; anything else is tokenized whole).
_USUAL_START = re.compile(
    r"\s*1\.\s+([A-Za-z][^\s{}();$]*)\s+(?:\{[^}]*\}\s+)?1\.\.\.\s+([A-Za-z][^\s{}();$]*)"
)


def first_moves(movetext: str, side: int) -> tuple[str | None, str | None]:
    """(white's, black's) first mainline move as written (SAN); `side` is who moves first."""
    usual = _USUAL_START.match(movetext) if side == WHITE else None
    if usual is not None:
        return usual.group(1).rstrip("!?"), usual.group(2).rstrip("!?")
    moves: list[str | None] = [None, None]
    for san in _tokenized_sans(movetext):
        moves[side] = san
        if moves[side ^ 1] is not None:
            break
        side ^= 1
    return moves[WHITE], moves[BLACK]


def scan_end(movetext: str, side: int, number: int) -> tuple[int, float | None, float | None]:
    """(move number of the last move or 0, white's last clock, black's last clock).

    chess.com's usual ending (two clocked moves, then the result) is matched from the `}` before
    the last two comments; anything else is walked token by token from `side` to move at
    move `number`.
    """
    if "(" not in movetext and ";" not in movetext:
        last_comment = movetext.rfind("{")
        previous_comment = movetext.rfind("{", 0, max(last_comment, 0))
        start = movetext.rfind("}", 0, max(previous_comment, 0)) + 1
        ending = _CHESS_COM_ENDING.match(movetext, start)
        if ending is not None:
            read = _read_ending(ending)
            if read is not None:
                return read
    return _scan(movetext, side, number)


def _read_ending(ending: re.Match[str]) -> tuple[int, float | None, float | None] | None:
    """(last move number, white clock, black clock) from the two last moves; None if inconsistent."""
    number1, dots1, h1, m1, s1, number2, dots2, h2, m2, s2 = ending.groups()
    next_number = int(number1) + (dots1 != ".")
    if dots1 == dots2 or int(number2) != next_number:
        return None
    first, second = _seconds(h1, m1, s1), _seconds(h2, m2, s2)
    if dots2 == ".":
        return next_number, second, first
    return next_number, first, second


def _scan(movetext: str, side: int, number: int) -> tuple[int, float | None, float | None]:
    """Walk the whole mainline, `side` to move at move `number` at the start.

    Like python-chess, moves alternate sides and move numbers in the text are not trusted.
    """
    last = 0
    clocks: list[float | None] = [None, None]
    mover: int | None = None
    depth = 0
    for token in _TOKEN.finditer(movetext):
        kind = token.lastgroup
        if kind == "open":
            depth += 1
            mover = None
        elif kind == "close":
            depth -= 1
        elif depth:
            continue
        elif kind == "comment":
            if mover is not None and "%clk" in token.group("comment"):
                clock = clock_seconds(token.group("comment"))
                if clock is not None:
                    clocks[mover] = clock
                    mover = None
        elif kind == "san":
            last, mover = number, side
            number += side
            side ^= 1
        elif kind == "dots":
            mover = None
        elif kind == "result":
            break
    return last, clocks[WHITE], clocks[BLACK]


# One mainline move of a movetext without variations or `;` comments, after what comes before it.
_NEXT_SAN = re.compile(r"(?:\s+|\{[^}]*\}|\d+\.+|\$\d+)*([^\s{}();$]+)")


def mainline_sans(movetext: str) -> Iterator[str]:
    """The mainline moves (SAN, annotations such as `!?` dropped) up to the result, read lazily."""
    if "(" in movetext or ";" in movetext:
        yield from _tokenized_sans(movetext)
        return
    for match in _NEXT_SAN.finditer(movetext):
        san = match.group(1)
        if san[0] in _RESULT_STARTS:
            return
        yield san.rstrip("!?")


_RESULT_STARTS = frozenset("0123456789*")


def _tokenized_sans(movetext: str) -> Iterator[str]:
    """The mainline moves of any movetext (variations skipped), token by token."""
    depth = 0
    for token in _TOKEN.finditer(movetext):
        kind = token.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif depth:
            continue
        elif kind == "san":
            yield token.group("san").rstrip("!?")
        elif kind == "result":
            return
