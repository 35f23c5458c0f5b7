"""The plain reference loader the benchmark compares ingestion against: what anyone would write in an afternoon.

Serial GETs, the standard `json` module, a few regexes over the PGN, one DuckDB insert at the end. No state,
no conditional requests, no merge, no raw columns beyond these: the floor the real pipeline is held to.
"""

from __future__ import annotations

import json
import re

import duckdb
import pyarrow as pa
import requests

TAG = re.compile(r'^\[(\w+) "(.*)"\]$', re.M)
FIRST_MOVES = re.compile(r"\n1\. (\S+)(?: \{[^}]*\})?(?: 1\.\.\. (\S+))?")
MOVE_NUMBER = re.compile(r"(?<!\S)(\d+)\.(?!\.)")
CLOCK = re.compile(r"\[%clk (\d+):(\d+):(\d+(?:\.\d+)?)\]")


def game_row(player: str, month: str, game: dict) -> dict:
    """One output row: the game's main fields and what the regexes find in its PGN."""
    pgn = game.get("pgn") or ""
    tags = dict(TAG.findall(pgn))
    first = FIRST_MOVES.search(pgn)
    clocks = [int(h) * 3600 + int(m) * 60 + float(s) for h, m, s in CLOCK.findall(pgn)]
    numbers = MOVE_NUMBER.findall(pgn.rsplit("\n\n", 1)[-1])
    white, black = game.get("white", {}), game.get("black", {})
    return {
        "player": player,
        "archive_month": month,
        "uuid": game["uuid"],
        "url": game.get("url"),
        "end_time": game.get("end_time"),
        "time_class": game.get("time_class"),
        "time_control": game.get("time_control"),
        "rules": game.get("rules"),
        "rated": game.get("rated"),
        "white_username": white.get("username"),
        "white_rating": white.get("rating"),
        "white_result": white.get("result"),
        "black_username": black.get("username"),
        "black_rating": black.get("rating"),
        "black_result": black.get("result"),
        "pgn": pgn,
        "eco": tags.get("ECO"),
        "opening": (tags.get("ECOUrl") or "/").rsplit("/", 1)[-1] or None,
        "termination": tags.get("Termination"),
        "white_first_move": first[1] if first else None,
        "black_first_move": first[2] if first else None,
        "full_moves": int(numbers[-1]) if numbers else 0,
        "white_clock": clocks[-2 if len(clocks) % 2 == 0 else -1] if clocks else None,
        "black_clock": clocks[-1 if len(clocks) % 2 == 0 else -2] if len(clocks) > 1 else None,
    }


def load(api_url: str, players: list[str], contact: str, database: str) -> int:
    """Fetch every month of every player, one request at a time, and insert all games at once; rows loaded."""
    headers = {"User-Agent": f"reference-loader (contact: {contact})"}
    rows = []
    for player in players:
        archives = json.loads(
            requests.get(f"{api_url}/player/{player}/games/archives", headers=headers).text
        )
        for month_url in archives["archives"]:
            month = "-".join(month_url.rstrip("/").split("/")[-2:])
            games = json.loads(requests.get(month_url, headers=headers).text)["games"]
            rows.extend(game_row(player, month, game) for game in games)
    with duckdb.connect(database) as connection:
        connection.register("fetched", pa.Table.from_pylist(rows))
        connection.execute("CREATE OR REPLACE TABLE games AS SELECT * FROM fetched")
    return len(rows)
