"""`extract_pgn_fields` equals what python-chess (the oracle) reads, game by game, on real chess.com PGNs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import chess
import pytest
from pgn_oracle import oracle

from lifemetrics.sources.chess_com.pgn import extract_pgn_fields

DATA = Path(__file__).parent / "data" / "chess_com"
FIXTURE_FILES = sorted(DATA.glob("hikaru_*.json"))
PGN_COLUMNS = {
    "pgn_eco",
    "pgn_eco_url",
    "pgn_opening",
    "pgn_termination",
    "pgn_white_first_move",
    "pgn_black_first_move",
    "pgn_full_moves",
    "pgn_white_clock_seconds",
    "pgn_black_clock_seconds",
    "pgn_variant",
    "pgn_custom_start",
    "lichess_opening_name",
    "lichess_opening_eco",
}
HEADERS = '[Event "Live Chess"]\n[Site "Chess.com"]\n[Result "{result}"]\n{extra}[ECO "C20"]\n'


def fixture_games(path: Path) -> list[dict]:
    """Every game of one real month archive."""
    return json.loads(path.read_text())["games"]


def assert_same_as_oracle(games: list[dict], rewrite=lambda pgn: pgn) -> None:
    """Every game's extracted fields equal python-chess's; failures name the game."""
    mismatches = []
    for game in games:
        pgn = rewrite(game["pgn"])
        got = extract_pgn_fields(pgn, game["initial_setup"])
        expected = oracle(pgn, game["initial_setup"])
        if got != expected:
            diff = {key: (got[key], expected[key]) for key in expected if got[key] != expected[key]}
            mismatches.append((game["url"], diff))
    assert not mismatches, mismatches[:5]


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda path: path.stem)
def test_every_real_game_matches_python_chess(path: Path) -> None:
    assert_same_as_oracle(fixture_games(path))


def test_whole_movetext_walk_agrees_with_the_ending_shortcut() -> None:
    """A `;` comment forces the token-by-token walk: same answers on every real game."""
    for game in [game for path in FIXTURE_FILES for game in fixture_games(path)]:
        walked = game["pgn"].replace("\n\n1. ", "\n\n; walk\n1. ", 1)
        assert walked != game["pgn"]
        assert extract_pgn_fields(walked) == extract_pgn_fields(game["pgn"]), game["url"]


def test_games_without_clocks_have_no_clock_columns() -> None:
    games = fixture_games(DATA / "hikaru_2022-06.json")[:40]

    def without_clocks(pgn: str) -> str:
        return re.sub(r" \{\[%clk [^}]*\]\}", "", pgn)

    assert_same_as_oracle(games, without_clocks)
    fields = extract_pgn_fields(without_clocks(games[0]["pgn"]))
    assert fields["pgn_white_clock_seconds"] is None and fields["pgn_black_clock_seconds"] is None
    assert fields["pgn_full_moves"] > 0


def test_fixtures_cover_the_tricky_cases() -> None:
    """The real files hold what the oracle comparison must have seen: chess960, daily, both last movers."""
    games = [game for path in FIXTURE_FILES for game in fixture_games(path)]
    fields = [extract_pgn_fields(game["pgn"], game["initial_setup"]) for game in games]
    chess960 = [f for g, f in zip(games, fields) if g["rules"] == "chess960"]
    assert chess960 and all(
        f["pgn_custom_start"] and f["pgn_variant"] == "Chess960" for f in chess960
    )
    assert any(" w HDhd " in g["pgn"] for g in games)  # Shredder-FEN castling rights
    daily = [f for g, f in zip(games, fields) if g["time_class"] == "daily"]
    assert daily and max(f["pgn_black_clock_seconds"] for f in daily) > 3600
    assert {g["pgn"].rstrip().rsplit(" ", 1)[-1] for g in games} == {"1-0", "0-1", "1/2-1/2"}
    standard = [f for g, f in zip(games, fields) if g["rules"] == "chess"]
    assert not any(f["pgn_custom_start"] for f in standard)


def test_known_game_values() -> None:
    """The first game of February 2025, read by eye: Scandinavian, black's last move 53...Bxc5."""
    game = fixture_games(DATA / "hikaru_2025-02.json")[0]
    fields = extract_pgn_fields(game["pgn"], game["initial_setup"])
    assert fields == {
        "pgn_eco": "B01",
        "pgn_eco_url": "https://www.chess.com/openings/Scandinavian-Defense-Mieses-Kotrc-Main-Line-4.Nf3",
        "pgn_opening": "Scandinavian-Defense-Mieses-Kotrc-Main-Line-4.Nf3",
        "pgn_termination": "Hikaru won by resignation",
        "pgn_white_first_move": "e4",
        "pgn_black_first_move": "d5",
        "pgn_full_moves": 53,
        "pgn_white_clock_seconds": 7.6,
        "pgn_black_clock_seconds": 16.1,
        "pgn_variant": None,
        "pgn_custom_start": False,
        "lichess_opening_name": "Scandinavian Defense: Main Line",
        "lichess_opening_eco": "B01",
    }


@pytest.mark.parametrize("pgn", [None, "", "  \n"])
def test_game_without_pgn_gives_empty_columns(pgn: str | None) -> None:
    """Bughouse games come without a PGN: every column exists and is None."""
    fields = extract_pgn_fields(pgn, chess.STARTING_FEN)
    assert set(fields) == PGN_COLUMNS
    assert all(value is None for value in fields.values())


def test_zero_move_game() -> None:
    pgn = HEADERS.format(result="1-0", extra='[Termination "X won - game abandoned"]\n') + "\n1-0\n"
    fields = extract_pgn_fields(pgn, chess.STARTING_FEN)
    assert fields == oracle(pgn, chess.STARTING_FEN)
    assert fields["pgn_full_moves"] == 0
    assert fields["pgn_white_first_move"] is None and fields["pgn_white_clock_seconds"] is None
    assert fields["pgn_termination"] == "X won - game abandoned"


@pytest.mark.parametrize(
    "movetext",
    [
        "1. e4 {[%clk 0:02:59.9]} 1-0",
        "1. e4 {[%clk 0:02:59.9]} 1... e5 {[%clk 0:02:58]} 1/2-1/2",
        "1. e4 {[%clk 0:02:59.9]} 1... e5 {[%clk 0:02:58]} 2. Nf3 {[%clk 1:02:57.25]} *",
        "1. e4 e5 2. Nf3 Nc6 3. Bb5 a6 0-1",
        "1.e4 e5 2.Nf3 {[%clk 0:00:10]} 1-0",
        "1. e4 {[%clk 0:02:59.9]} (1. d4 {[%clk 0:00:01]} d5) 1... e5 {[%clk 0:02:58]} 0-1",
        "1. e4 $1 {good [%clk 0:02:59.9] [%eval 0.3]} 1... e5!? {[%clk 0:02:58]} 2. Nf3 1-0",
        "{game comment} 1. e4 {[%clk 0:02:59.9]} 1... e5 {[%clk 0:02:58]} {[%clk 0:00:01]} 2. Qh5 0-1",
        "1. e4 {[%clk 0:02:59]} 1... e5 {[%clk 0:02:58]}\n2. Nf3 {[%clk 0:02:57]}\n2... Nc6 {[%clk 0:02:56]}\n1-0",
        "1. e4 ; line comment {not a comment\n1... e5 {[%clk 0:02:58]} 1-0",
        "1. f3 {[%clk 0:00:59]} 1... e5 {[%clk 0:00:58]} 2. g4 {[%clk 0:00:57]} 2... Qh4# {[%clk 0:00:56]} 0-1",
    ],
)
def test_movetext_shapes_match_python_chess(movetext: str) -> None:
    pgn = HEADERS.format(result="*", extra="") + "\n" + movetext + "\n"
    assert extract_pgn_fields(pgn) == oracle(pgn)


def test_custom_position_with_black_to_move() -> None:
    fen = "4k3/8/8/8/8/8/4P3/4K3 b - - 0 30"
    extra = f'[SetUp "1"]\n[FEN "{fen}"]\n'
    moves = "30... Kd7 {[%clk 0:01:00]} 31. e4 {[%clk 0:00:59]} 31... Ke6 {[%clk 0:00:58]} *"
    pgn = HEADERS.format(result="*", extra=extra) + "\n" + moves + "\n"
    fields = extract_pgn_fields(pgn, fen)
    assert fields == oracle(pgn, fen)
    assert (fields["pgn_white_first_move"], fields["pgn_black_first_move"]) == ("e4", "Kd7")
    assert fields["pgn_full_moves"] == 31 and fields["pgn_custom_start"] is True


def test_non_standard_initial_setup_is_a_custom_start() -> None:
    pgn = HEADERS.format(result="*", extra="") + "\n1. e4 *\n"
    odds = "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBN1 w Qkq - 0 1"
    assert extract_pgn_fields(pgn, odds)["pgn_custom_start"] is True
    assert extract_pgn_fields(pgn, chess.STARTING_FEN)["pgn_custom_start"] is False
    assert extract_pgn_fields(pgn)["pgn_custom_start"] is False


def test_escaped_tag_values_and_missing_tags() -> None:
    """Tag values are kept verbatim, escapes included, as python-chess keeps them."""
    extra = '[Termination "A \\"quoted\\" name won by resignation"]\n[ECOUrl "https://www.chess.com/openings/Kings-Pawn-Opening"]\n'
    pgn = HEADERS.format(result="1-0", extra=extra) + "\n1. e4 1-0\n"
    fields = extract_pgn_fields(pgn)
    assert fields == oracle(pgn)
    assert fields["pgn_termination"] == 'A \\"quoted\\" name won by resignation'
    assert fields["pgn_opening"] == "Kings-Pawn-Opening"
    bare = extract_pgn_fields("1. e4 e5 1/2-1/2")
    assert bare["pgn_eco"] is None and bare["pgn_opening"] is None and bare["pgn_full_moves"] == 1


FIRST_MOVES = {
    "1. e4!? {[%clk 1:00]} 1... e5?! 2. Nf3": ("e4", "e5"),
    "1. e4 1-0": ("e4", None),
    "1.e4 e5": ("e4", "e5"),
    "1. e4 (1. d4 d5) 1... e5": ("e4", "e5"),
    "1. e4 {a} {b} 1... e5": ("e4", "e5"),
    "1. e4 $1 1... e5": ("e4", "e5"),
    "1. O-O 1... O-O-O": ("O-O", "O-O-O"),
    "  \n1. e4 {x}\n1... c5 *": ("e4", "c5"),
    "1. e4 ; hi\n1... e5": ("e4", "e5"),
    "1. e4 {[%clk 0:01]} 1... 1-0": ("e4", None),
    "*": (None, None),
}


@pytest.mark.parametrize("movetext", FIRST_MOVES)
def test_first_moves_of_usual_and_unusual_starts_agree_with_the_token_walk(movetext: str) -> None:
    from lifemetrics.sources.chess_com.pgn_movetext import WHITE, first_moves

    assert first_moves(movetext, WHITE) == FIRST_MOVES[movetext]
