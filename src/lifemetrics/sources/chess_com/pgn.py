"""The `pgn_*` columns of `raw_chess_com.games`, read from a game's PGN with regexes (no move replay).

`extract_pgn_fields` is what ingestion calls for every game; tests check it game by game against
python-chess on real chess.com PGNs. Conventions:
- tag values are copied verbatim, as python-chess keeps them (missing tag -> None);
- `pgn_opening` is the ECOUrl after its last `/`;
- `pgn_white_first_move` / `pgn_black_first_move` are SAN as written (None if that side never moved);
- `pgn_full_moves` is the move number of the last move (0 for a game without moves), i.e. what
  python-chess gives as `fullmove_number` of the position before the last move;
- `pgn_*_clock_seconds` is each side's last `[%clk]` in seconds (None when that side has none);
- `pgn_custom_start` is True when the PGN has a FEN tag or `SetUp "1"`, or `initial_setup` is not
  the standard start;
- without a PGN (bughouse) every column is None, `pgn_custom_start` included;
- `lichess_opening_name` / `lichess_opening_eco` name the opening by position from Lichess's
  lines (`lifemetrics.openings`, from the TCN when given, else from the movetext); None for a
  custom start, a variant, or a game that reaches no named position.
"""

from __future__ import annotations

import re

from lifemetrics.openings import name_opening
from lifemetrics.sources.chess_com.pgn_movetext import (
    BLACK,
    WHITE,
    first_moves,
    mainline_sans,
    scan_end,
)

STANDARD_START = "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"
# Column -> dlt data type, for the column hints that make every column exist even when all NULL.
PGN_COLUMN_TYPES = {
    "pgn_eco": "text",
    "pgn_eco_url": "text",
    "pgn_opening": "text",
    "pgn_termination": "text",
    "pgn_white_first_move": "text",
    "pgn_black_first_move": "text",
    "pgn_full_moves": "bigint",
    "pgn_white_clock_seconds": "double",
    "pgn_black_clock_seconds": "double",
    "pgn_variant": "text",
    "pgn_custom_start": "bool",
    "lichess_opening_name": "text",
    "lichess_opening_eco": "text",
}
PGN_COLUMNS = tuple(PGN_COLUMN_TYPES)
_HEADER_BLOCK = re.compile(r"\A\s*(?:\[[^\n]*\][ \t\r]*(?:\n|\Z)\s*)*")
_TAG = re.compile(
    r'^\[(ECO|ECOUrl|Termination|Variant|SetUp|FEN)\s+"(.*)"\][ \t\r]*$', re.MULTILINE
)


def extract_pgn_fields(
    pgn: str | None, initial_setup: str | None = None, tcn: str | None = None
) -> dict[str, object]:
    """The `pgn_*` and `lichess_opening_*` columns of one game; all None when it has no PGN.

    `tcn` (the game's moves as chess.com encodes them) makes naming its opening cheaper.
    """
    if not pgn or pgn.isspace():
        return dict.fromkeys(PGN_COLUMNS)
    tags, movetext = _split_pgn(pgn)
    side, number = _start_of(tags.get("FEN"))
    white_first, black_first = first_moves(movetext, side)
    full_moves, white_clock, black_clock = scan_end(movetext, side, number)
    eco_url = tags.get("ECOUrl")
    custom_start = _is_custom_start(tags, initial_setup)
    standard = not custom_start and "Variant" not in tags
    named = name_opening(tcn, mainline_sans(movetext)) if standard else None
    return {
        "pgn_eco": tags.get("ECO"),
        "pgn_eco_url": eco_url,
        "pgn_opening": opening_slug(eco_url),
        "pgn_termination": tags.get("Termination"),
        "pgn_white_first_move": white_first,
        "pgn_black_first_move": black_first,
        "pgn_full_moves": full_moves,
        "pgn_white_clock_seconds": white_clock,
        "pgn_black_clock_seconds": black_clock,
        "pgn_variant": tags.get("Variant"),
        "pgn_custom_start": custom_start,
        "lichess_opening_name": named.name if named else None,
        "lichess_opening_eco": named.eco if named else None,
    }


def _split_pgn(pgn: str) -> tuple[dict[str, str], str]:
    """(the tags this module reads -> value, movetext) of a single-game PGN."""
    end = _HEADER_BLOCK.match(pgn).end()
    return dict(_TAG.findall(pgn, 0, end)), pgn[end:]


def opening_slug(eco_url: str | None) -> str | None:
    """'Scandinavian-Defense' from 'https://www.chess.com/openings/Scandinavian-Defense'."""
    if not eco_url:
        return None
    return eco_url.rstrip("/").rsplit("/", 1)[-1] or None


def _start_of(fen: str | None) -> tuple[int, int]:
    """(side to move, move number) of the starting position."""
    if not fen:
        return WHITE, 1
    fields = fen.split()
    side = BLACK if len(fields) > 1 and fields[1] == "b" else WHITE
    number = int(fields[5]) if len(fields) > 5 and fields[5].isdigit() else 1
    return side, max(number, 1)


def _is_custom_start(tags: dict[str, str], initial_setup: str | None) -> bool:
    """True when the game did not start from the standard position."""
    if "FEN" in tags or tags.get("SetUp") == "1":
        return True
    return bool(initial_setup) and initial_setup != STANDARD_START
