"""python-chess's reading of the `pgn_*` and `lichess_opening_*` columns: the oracle
`extract_pgn_fields` is checked against."""

from __future__ import annotations

import io

import chess
import chess.pgn
from opening_oracle import oracle_opening_of_game


def oracle(pgn: str, initial_setup: str | None = None) -> dict[str, object]:
    """The `pgn_*` columns as python-chess reads them (full parse and replay)."""
    return oracle_of_game(chess.pgn.read_game(io.StringIO(pgn)), initial_setup)


def oracle_of_game(
    game: chess.pgn.Game | None, initial_setup: str | None = None
) -> dict[str, object]:
    """The `pgn_*` columns of a game python-chess has already parsed."""
    assert game is not None and not game.errors, game.errors if game else "no game"
    headers = game.headers
    board = game.board()
    first: dict[bool, str] = {}
    clocks: dict[bool, float] = {}
    full_moves = 0
    for node in game.mainline():
        mover, full_moves = board.turn, board.fullmove_number
        first.setdefault(mover, board.san(node.move))
        if node.clock() is not None:
            clocks[mover] = node.clock()
        board.push(node.move)
    eco_url = headers.get("ECOUrl")
    custom_start = (
        "FEN" in headers
        or headers.get("SetUp") == "1"
        or bool(initial_setup and initial_setup != chess.STARTING_FEN)
    )
    standard = not custom_start and "Variant" not in headers
    name, _, eco = oracle_opening_of_game(game) if standard else (None, None, None)
    return {
        "pgn_eco": headers.get("ECO"),
        "pgn_eco_url": eco_url,
        "pgn_opening": eco_url.rsplit("/", 1)[-1] if eco_url else None,
        "pgn_termination": headers.get("Termination"),
        "pgn_white_first_move": first.get(chess.WHITE),
        "pgn_black_first_move": first.get(chess.BLACK),
        "pgn_full_moves": full_moves,
        "pgn_white_clock_seconds": clocks.get(chess.WHITE),
        "pgn_black_clock_seconds": clocks.get(chess.BLACK),
        "pgn_variant": headers.get("Variant"),
        "pgn_custom_start": custom_start,
        "lichess_opening_name": name,
        "lichess_opening_eco": eco,
    }
