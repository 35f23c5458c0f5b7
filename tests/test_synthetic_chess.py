"""The synthetic chess.com histories: deterministic, shaped like the real API, legal, realistic."""

from __future__ import annotations

import calendar
import io
import itertools
import json
import random
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import chess
import chess.pgn
import pytest
from pgn_oracle import oracle, oracle_of_game

from lifemetrics.chess_result_codes import draw_codes
from lifemetrics.sources.chess_com.pgn import extract_pgn_fields
from lifemetrics.synthetic.chess.bodies import build_game_pool, make_body
from lifemetrics.synthetic.chess.clocks import parse_time_control
from lifemetrics.synthetic.chess.games import generate_player_history, iter_player_history
from lifemetrics.synthetic.chess.openings import OPENINGS
from lifemetrics.synthetic.chess.pgn import encode_tcn

DATA = Path(__file__).parent / "data" / "chess_com"
END = date(2025, 3, 10)
DRAWS = set(draw_codes())


@pytest.fixture(scope="module")
def history() -> dict[str, list[dict]]:
    return generate_player_history("DemoPlayer", 200, seed=7, end=END)


@pytest.fixture(scope="module")
def games(history: dict[str, list[dict]]) -> list[dict]:
    return [game for month in history.values() for game in month]


@pytest.fixture(scope="module")
def replayed(games: list[dict]) -> list[tuple[dict, chess.pgn.Game]]:
    """Every game with python-chess's reading of its PGN."""
    return [(game, chess.pgn.read_game(io.StringIO(game["pgn"]))) for game in games]


@pytest.fixture(scope="module")
def real_games() -> list[dict]:
    return [
        game
        for path in sorted(DATA.glob("hikaru_*.json"))
        for game in json.loads(path.read_text())["games"]
    ]


def test_same_seed_same_history_other_seed_other_history() -> None:
    first = generate_player_history("Someone", 12, seed=3, end=END)
    assert first == generate_player_history("Someone", 12, seed=3, end=END)
    assert first != generate_player_history("Someone", 12, seed=4, end=END)
    assert first != generate_player_history("SomeoneElse", 12, seed=3, end=END)


def test_months_counts_and_order(history: dict[str, list[dict]], games: list[dict]) -> None:
    assert len(games) == 200
    assert list(history) == sorted(history) and list(history)[-1] == "2025-03"
    last_second = datetime(2025, 3, 11, tzinfo=UTC).timestamp()
    for month, month_games in history.items():
        year, number = map(int, month.split("-"))
        start = datetime(year, number, 1, tzinfo=UTC).timestamp()
        stop = start + calendar.monthrange(year, number)[1] * 86400
        ends = [game["end_time"] for game in month_games]
        assert ends == sorted(ends)
        assert all(start <= end < min(stop, last_second) for end in ends), month
    assert len({game["uuid"] for game in games}) == len(games)
    assert len({game["url"] for game in games}) == len(games)


def test_shape_equals_the_real_api(games: list[dict], real_games: list[dict]) -> None:
    """Keys (top level and nested) and value types as in the real fixture games."""
    always = set.intersection(*(set(game) for game in real_games))
    ever = set.union(*(set(game) for game in real_games)) - {"tournament", "match"}
    real_types = {key: type(value) for game in real_games for key, value in game.items()}
    for game in games:
        assert always <= set(game) <= ever, set(game) ^ always
        assert all(type(value) is real_types[key] for key, value in game.items()), game["url"]
        for side in ("white", "black"):
            assert set(game[side]) == set(real_games[0][side])
            assert [type(value) for value in game[side].values()] == [int, str, str, str, str]
        if "accuracies" in game:
            assert set(game["accuracies"]) == {"white", "black"}
        assert ("eco" in game) == (game["rules"] == "chess")
        assert ("start_time" in game) == (game["time_class"] == "daily")


def test_pgn_tags_as_chess_com_writes_them(replayed, real_games: list[dict]) -> None:
    def tag_names(pgn: str) -> list[str]:
        return [name for name in chess.pgn.read_headers(io.StringIO(pgn)) if name != "Tournament"]

    real = {game["rules"]: tag_names(game["pgn"]) for game in real_games}
    for game, parsed in replayed:
        assert tag_names(game["pgn"]) == real[game["rules"]]
        headers = parsed.headers
        assert headers["CurrentPosition"] == game["fen"] == parsed.end().board().fen()
        assert (headers["WhiteElo"], headers["BlackElo"]) == (
            str(game["white"]["rating"]),
            str(game["black"]["rating"]),
        )
        assert headers["TimeControl"] == game["time_control"] and headers["Link"] == game["url"]
        end = datetime.fromtimestamp(game["end_time"], UTC)
        assert (headers["EndDate"], headers["EndTime"]) == (
            end.strftime("%Y.%m.%d"),
            end.strftime("%H:%M:%S"),
        )


def test_pgns_are_legal_games_with_real_endings(replayed) -> None:
    """python-chess replays every game; the final position proves the ending that was reported."""
    for game, parsed in replayed:
        assert parsed is not None and not parsed.errors, (game["url"], parsed.errors)
        board = parsed.end().board()
        moves = list(parsed.mainline_moves())
        if game["rules"] == "chess":
            assert game["initial_setup"] == chess.STARTING_FEN
            assert encode_tcn(moves) == game["tcn"]
        white, black = game["white"]["result"], game["black"]["result"]
        code = white if white != "win" else black
        expected = "1-0" if white == "win" else "0-1" if black == "win" else "1/2-1/2"
        assert parsed.headers["Result"] == expected
        assert_real_ending(board, code, loser=chess.WHITE if black == "win" else chess.BLACK)


def assert_real_ending(board: chess.Board, code: str, loser: chess.Color) -> None:
    """The board shows why the game ended (timeouts, resignations and agreements show nothing)."""
    if code == "checkmated":
        assert board.is_checkmate() and board.turn == loser
    elif code == "stalemate":
        assert board.is_stalemate()
    elif code == "insufficient":
        assert board.is_insufficient_material()
    elif code == "repetition":
        assert board.is_repetition(3)
    elif code == "50move":
        assert board.halfmove_clock >= 100
    elif code == "timevsinsufficient":
        assert board.has_insufficient_material(not board.turn)
        assert not board.has_insufficient_material(board.turn)
    elif code in ("timeout", "abandoned"):
        assert board.turn == loser
    assert not board.is_checkmate() or code == "checkmated"


def test_clocks_run_down_with_increments(replayed) -> None:
    for game, parsed in replayed:
        base, increment, daily = parse_time_control(game["time_control"])
        clocks = [node.clock() for node in parsed.mainline()]
        assert all(clock is not None and clock > 0 for clock in clocks), game["url"]
        if daily:
            assert all(clock <= base for clock in clocks)
            continue
        for side in (clocks[0::2], clocks[1::2]):
            assert all(clock <= base + increment for clock in side[:1])
            assert all(
                after <= before + increment + 1e-9 for before, after in itertools.pairwise(side)
            ), game["url"]
        if "timeout" in (game["white"]["result"], game["black"]["result"]):
            loser_clocks = clocks[0::2] if game["white"]["result"] == "timeout" else clocks[1::2]
            assert loser_clocks[-1] <= increment + 2


def test_realistic_mix(games: list[dict]) -> None:
    time_classes = Counter(game["time_class"] for game in games)
    assert set(time_classes) == {"bullet", "blitz", "rapid", "daily"}
    assert time_classes.most_common(1)[0][0] == "rapid"
    codes = Counter(
        game["white"]["result"] if game["white"]["result"] != "win" else game["black"]["result"]
        for game in games
    )
    assert {"resigned", "checkmated", "timeout", "abandoned"} <= set(codes)
    assert len(set(codes) & DRAWS) >= 3
    assert 0.02 < sum(codes[code] for code in DRAWS) / len(games) < 0.2
    assert any(game["rules"] == "chess960" for game in games)
    assert any(game["rated"] is False for game in games)
    assert any("accuracies" in game for game in games) and any(
        "accuracies" not in game for game in games
    )
    assert any(game["time_control"] == "1/86400" for game in games)


def test_standard_games_start_with_their_opening(replayed) -> None:
    by_url = {opening.url: opening for opening in OPENINGS}
    for game, parsed in replayed:
        opening = by_url[parsed.headers["ECOUrl"]]
        assert parsed.headers["ECO"] == opening.eco
        if game["rules"] == "chess" and len(list(parsed.mainline_moves())) >= len(opening.moves):
            board = parsed.board()
            sans = [
                board.san_and_push(move)
                for move in list(parsed.mainline_moves())[: len(opening.moves)]
            ]
            assert tuple(sans) == opening.moves
            assert game["eco"] == opening.url


def test_ratings_move_with_results(games: list[dict]) -> None:
    """Post-game ratings: a rated win never lowers the player's rating, a loss never raises it."""
    previous: dict[str, int] = {}
    changes = []
    for game in games:
        colour = "white" if game["white"]["username"] == "DemoPlayer" else "black"
        me, result = game[colour]["rating"], game[colour]["result"]
        before = previous.get(game["time_class"])
        if before is not None:
            change = me - before
            changes.append(change)
            if not game["rated"]:
                assert change == 0
            elif result == "win":
                assert change >= 0
            elif result not in DRAWS:
                assert change <= 0
        previous[game["time_class"]] = me
    assert sum(change > 0 for change in changes) > 20 and sum(change < 0 for change in changes) > 20


def test_extraction_agrees_with_python_chess_on_generated_games(replayed) -> None:
    for game, parsed in replayed:
        expected = oracle_of_game(parsed, game["initial_setup"])
        assert extract_pgn_fields(game["pgn"], game["initial_setup"]) == expected, game["url"]


def test_some_daily_games_time_out_before_the_first_move() -> None:
    """Real archives hold zero-move daily games: no moves, no clocks, black wins on time."""
    bodies = (
        make_body(random.Random(index), "1/86400", OPENINGS[0], chess.BLACK) for index in range(300)
    )
    body = next(body for body in bodies if body.movetext == "0-1")
    assert (body.ending, body.winner, body.tcn) == ("timeout", chess.BLACK, "")


def test_large_histories_restamp_a_pool_month_by_month() -> None:
    pool = build_game_pool(seed=1, per_time_control=3)
    months = iter_player_history("BigPlayer", 3000, seed=1, end=END, pool=pool)
    _month, first_month = next(months)
    rest = list(months)
    games = first_month + [game for _, month_games in rest for game in month_games]
    assert len(games) == 3000 and len(rest) + 1 == 38
    assert len({game["uuid"] for game in games}) == 3000
    pooled_moves = {body.movetext for bodies in pool.bodies.values() for body in bodies}
    assert all(game["pgn"].split("\n\n", 1)[1].rstrip("\n") in pooled_moves for game in games)
    for game in games[::100]:
        assert extract_pgn_fields(game["pgn"], game["initial_setup"]) == oracle(
            game["pgn"], game["initial_setup"]
        )
