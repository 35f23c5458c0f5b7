"""Months read by Arrow's JSON reader give the very table the game-by-game reader gives, or defer to it."""

from __future__ import annotations

import json

import orjson
import pytest
from chess_support import FIXTURE_MONTHS, PLAYER, fixture_games
from fixture_paths import FIXTURES

from lifemetrics.sources.chess_com.errors import MalformedArchive
from lifemetrics.sources.chess_com.games_table import games_table, parse_month_games
from lifemetrics.sources.chess_com.month_arrow import contract_games, month_table

URL = "https://api.chess.com/pub/player/hikaru/games/2022/02"


def game_by_game(body: bytes):
    return games_table(parse_month_games(body, URL), PLAYER, "2022-02")


@pytest.mark.parametrize("month", FIXTURE_MONTHS)
def test_a_real_month_is_read_by_arrow_into_the_same_table(month):
    body = (FIXTURES / "chess_com" / f"{PLAYER}_{month}.json").read_bytes()

    assert contract_games(body) is not None  # real months take the fast way
    fast, slow = month_table(body, URL, PLAYER, "2022-02"), game_by_game(body)
    assert fast.schema == slow.schema
    assert fast.equals(slow)


def _with(**changes) -> bytes:
    return orjson.dumps({"games": [{**fixture_games("2022-02")[0], **changes}]})


def _with_white(**changes) -> bytes:
    game = fixture_games("2022-02")[0]
    return orjson.dumps({"games": [{**game, "white": {**game["white"], **changes}}]})


DEFERRED = {
    "a float in an integer field": _with(end_time=1643673600.5),
    "a whole float in an integer field": _with(end_time=1643673600.0),
    "text in an integer field": _with(end_time="1643673600"),
    "a number in a text field": _with(url=5),
    "text in a boolean field": _with(rated="yes"),
    "a field the API added": _with(streak=3),
    "a field the API added to a player": _with_white(title="GM"),
    "an integer beyond 64 bits": _with_white(rating=2).replace(
        b'"rating":2', b'"rating":99999999999999999999999'
    ),
    "another key beside games": orjson.dumps({"games": [], "next": 1}),
}
MALFORMED = {
    "not JSON": b"<html>busy</html>",
    "empty": b"",
    "a list": b"[1, 2]",
    "no games": b'{"other": 1}',
    "games not a list": b'{"games": null}',
    "a game that is not an object": b'{"games": ["x"]}',
    "a null game": b'{"games": [null]}',
    "a game without uuid": _with(uuid=None),
    "a game with an empty uuid": _with(uuid=""),
}


@pytest.mark.parametrize("body", DEFERRED.values(), ids=DEFERRED.keys())
def test_anything_beyond_the_contract_is_read_game_by_game_with_the_same_result(body):
    assert contract_games(body) is None
    fast, slow = month_table(body, URL, PLAYER, "2022-02"), game_by_game(body)
    assert fast.schema == slow.schema
    assert fast.equals(slow)


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_month_fails_as_the_game_by_game_reader_says(body):
    assert contract_games(body) is None
    with pytest.raises(MalformedArchive) as slow:
        game_by_game(body)
    with pytest.raises(MalformedArchive) as fast:
        month_table(body, URL, PLAYER, "2022-02")
    assert str(fast.value) == str(slow.value)


def test_a_pretty_printed_month_and_an_empty_one_are_read_by_arrow():
    pretty = json.dumps({"games": fixture_games("2022-02")[:3]}, indent=2).encode()
    assert len(contract_games(pretty)) == 3
    assert month_table(pretty, URL, PLAYER, "2022-02").equals(game_by_game(pretty))
    assert month_table(b'{"games": []}', URL, PLAYER, "2022-02").num_rows == 0
