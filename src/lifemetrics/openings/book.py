"""The Lichess opening lines (`lines/*.tsv`: ECO, name, moves from the standard start) as data."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import chess

LINES_DIR = Path(__file__).parent / "lines"
# How many plies of a game are searched for named positions (scalachess's OpeningDb uses 40 too).
SEARCH_PLIES = 40

PositionKey = tuple[int, int, int, int, int, int, int, int, bool, int, int | None]


@dataclass(frozen=True)
class NamedLine:
    """One named line: its ECO code, its full name and the moves that reach its position (SAN)."""

    eco: str
    name: str
    sans: tuple[str, ...]

    @property
    def family(self) -> str:
        """The opening family: 'Sicilian Defense' of 'Sicilian Defense: Closed, Traditional'."""
        return opening_family(self.name)


def opening_family(name: str) -> str:
    """The part of a Lichess opening name before its colon (the whole name when it has none)."""
    return name.split(":", 1)[0].strip()


def read_lines(directory: Path = LINES_DIR) -> Iterator[NamedLine]:
    """Every line of the `*.tsv` files in `directory`, in file order."""
    for path in sorted(directory.glob("*.tsv")):
        with path.open(newline="", encoding="utf-8") as lines:
            for row in csv.DictReader(lines, delimiter="\t"):
                sans = tuple(token for token in row["pgn"].split() if not token[0].isdigit())
                yield NamedLine(row["eco"], row["name"], sans)


def position_key(board: chess.Board) -> PositionKey:
    """What makes two positions the same for naming: pieces, side to move, castling rights and a
    capturable en-passant square (what an EPD holds, without move counters)."""
    return (
        board.pawns,
        board.knights,
        board.bishops,
        board.rooks,
        board.queens,
        board.kings,
        board.occupied_co[chess.WHITE],
        board.occupied_co[chess.BLACK],
        board.turn,
        board.clean_castling_rights(),
        board.ep_square if board.has_legal_en_passant() else None,
    )
