"""Opening names by position: the namer equals a full python-chess replay on real and random games."""

from __future__ import annotations

import json
import random
from pathlib import Path

import chess
import chess.pgn
import pytest
from opening_oracle import book_by_epd, oracle_opening

from lifemetrics.openings import SEARCH_PLIES, opening_family
from lifemetrics.openings.book import read_lines
from lifemetrics.openings.namer import OpeningNamer
from lifemetrics.openings.tcn import decode_move, encode_move
from lifemetrics.sources.chess_com.pgn import extract_pgn_fields

DATA = Path(__file__).parent / "data" / "chess_com"
FIXTURE_FILES = sorted(DATA.glob("hikaru_*.json"))


def real_games() -> list[dict]:
    return [game for path in FIXTURE_FILES for game in json.loads(path.read_text())["games"]]


def is_standard(game: dict) -> bool:
    return game["rules"] == "chess" and "[SetUp" not in game["pgn"] and "[FEN" not in game["pgn"]


def named(fields: dict) -> tuple[str | None, str | None, str | None]:
    name = fields["lichess_opening_name"]
    return (name, opening_family(name) if name else None, fields["lichess_opening_eco"])


def test_the_shipped_lines_are_lichess_s_3807_positions() -> None:
    lines = list(read_lines())
    assert len(lines) == 3807 == len(book_by_epd())
    assert max(len(line.sans) for line in lines) <= SEARCH_PLIES


def test_every_real_standard_game_is_named_as_python_chess_finds_it() -> None:
    games = [game for game in real_games() if is_standard(game)]
    assert len(games) > 600
    wrong = []
    for game in games:
        got = named(extract_pgn_fields(game["pgn"], game["initial_setup"], game["tcn"]))
        expected = oracle_opening(game["pgn"])
        if got != expected:
            wrong.append((game["url"], got, expected))
    assert not wrong, wrong[:5]
    assert all(named(extract_pgn_fields(g["pgn"], g["initial_setup"], g["tcn"]))[0] for g in games)


def test_without_tcn_the_movetext_gives_the_same_names() -> None:
    for game in [game for game in real_games() if is_standard(game)][::7]:
        with_tcn = extract_pgn_fields(game["pgn"], game["initial_setup"], game["tcn"])
        from_movetext = extract_pgn_fields(game["pgn"], game["initial_setup"])
        assert named(from_movetext) == named(with_tcn), game["url"]


def test_chess960_and_custom_starts_have_no_name() -> None:
    others = [game for game in real_games() if not is_standard(game)]
    assert others, "the fixtures hold chess960 games"
    for game in others:
        fields = extract_pgn_fields(game["pgn"], game["initial_setup"], game["tcn"])
        assert named(fields) == (None, None, None), game["url"]


def random_game(rng: random.Random, lines: list) -> chess.pgn.Game:
    """A named line's first moves, then random legal moves: transpositions and early exits."""
    board = chess.Board()
    for san in rng.choice(lines).sans[: rng.randrange(0, 12)]:
        board.push_san(san)
    for _ in range(rng.randrange(0, 30)):
        moves = list(board.legal_moves)
        if not moves:
            break
        quiet = [move for move in moves if not board.is_capture(move)]
        board.push(rng.choice(quiet if quiet and rng.random() < 0.8 else moves))
    return chess.pgn.Game.from_board(board)


def test_random_games_from_named_lines_are_named_as_python_chess_finds_them() -> None:
    rng = random.Random(12)
    lines = list(read_lines())
    namer = OpeningNamer(lines)
    for _ in range(400):
        game = random_game(rng, lines)
        tcn = "".join(encode_move(move) for move in game.mainline_moves())
        line = namer.name_tcn(tcn)
        got = (line.name, line.family, line.eco) if line else (None, None, None)
        assert got == oracle_opening(str(game)), str(game)


def test_a_transposed_move_order_gets_the_position_s_name() -> None:
    namer = OpeningNamer(read_lines())
    direct = namer.name_sans(["d4", "d5", "c4", "e6", "Nc3", "Nf6"])
    transposed = namer.name_sans(["c4", "e6", "Nc3", "Nf6", "d4", "d5"])
    assert direct is not None and transposed == direct
    assert direct.family == "Queen's Gambit Declined"


@pytest.mark.parametrize("uci", ["e2e4", "e1g1", "e8c8", "b7b8q", "a2b1n", "g7h8r", "c2d1b"])
def test_tcn_pairs_round_trip(uci: str) -> None:
    move = chess.Move.from_uci(uci)
    assert decode_move(encode_move(move)) == move


def test_bad_tcn_ends_the_search_with_what_was_named() -> None:
    namer = OpeningNamer(read_lines())
    e4 = encode_move(chess.Move.from_uci("e2e4"))
    assert namer.name_tcn(e4 + "~~").name == "King's Pawn Game"
    assert decode_move("~~") is None and namer.name_tcn("") is None
    illegal = encode_move(chess.Move.from_uci("e2e5"))
    assert namer.name_tcn(illegal) is None
