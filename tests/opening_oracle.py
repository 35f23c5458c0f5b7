"""Lichess opening names by position as python-chess finds them: every game replayed move by move."""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

import chess
import chess.pgn

LINES = Path(__file__).parents[1] / "src" / "lifemetrics" / "openings" / "lines"
SEARCH_PLIES = 40


@functools.cache
def book_by_epd() -> dict[str, tuple[str, str]]:
    """EPD of each named line's end position -> (ECO, name), read straight from the TSV files."""
    book = {}
    for path in sorted(LINES.glob("*.tsv")):
        with path.open(newline="", encoding="utf-8") as lines:
            for row in csv.DictReader(lines, delimiter="\t"):
                game = chess.pgn.read_game(io.StringIO(row["pgn"]))
                board = game.end().board()
                book[board.epd()] = (row["eco"], row["name"])
    return book


def oracle_opening(pgn: str) -> tuple[str | None, str | None, str | None]:
    """(name, family, ECO) of the last named position among a game's first 40 plies."""
    game = chess.pgn.read_game(io.StringIO(pgn))
    assert game is not None and not game.errors, game.errors if game else "no game"
    return oracle_opening_of_game(game)


def oracle_opening_of_game(game: chess.pgn.Game) -> tuple[str | None, str | None, str | None]:
    """(name, family, ECO) of a game python-chess has parsed (from the standard start)."""
    board = game.board()
    found = None
    for ply, move in enumerate(game.mainline_moves()):
        if ply == SEARCH_PLIES:
            break
        board.push(move)
        found = book_by_epd().get(board.epd(), found)
    if found is None:
        return (None, None, None)
    eco, name = found
    return (name, name.split(":")[0], eco)
