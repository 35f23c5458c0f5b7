"""A monthly archive read straight into Arrow by Arrow's JSON reader, when it holds only the contract.

Arrow's reader parses the body into typed columns in one pass, without a Python object per game:
about a third of the CPU of parsing it with orjson and converting the objects. It is strict: a field
the contract does not name, a value of another type (a float in an integer field, a number where text
belongs) or a document that is not `{"games": [...]}` with a uuid in every game gives None, and the
month is read game by game (`games_table`), which keeps new fields, sets bad values aside and names
what is malformed.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import json as arrow_json

from lifemetrics.sources.chess_com.games_table import (
    GAME_TYPE,
    contract_games_table,
    games_table,
    parse_month_games,
)

_DOCUMENT = pa.schema([("games", pa.list_(GAME_TYPE))])
# Unknown fields are inferred, not refused, so that they can be seen (and the month read game by game).
_PARSE = arrow_json.ParseOptions(
    explicit_schema=_DOCUMENT, unexpected_field_behavior="infer", newlines_in_values=True
)


def month_table(body: bytes, url: str, player: str, month: str) -> pa.Table:
    """One month's games as a table (MalformedArchive when the body is not a monthly archive)."""
    games = contract_games(body)
    if games is None:
        return games_table(parse_month_games(body, url), player, month)
    return contract_games_table(games, player, month)


def contract_games(body: bytes) -> pa.StructArray | None:
    """The games of a body holding only contract fields of contract types, each with a uuid; else None."""
    # The whole document is one JSON object: one block must hold it.
    options = arrow_json.ReadOptions(use_threads=False, block_size=max(len(body), 1) + 1)
    try:
        document = arrow_json.read_json(pa.BufferReader(body), options, _PARSE)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    if document.schema != _DOCUMENT or document.num_rows != 1:
        return None
    listed = document.column("games").combine_chunks()
    if listed.null_count:
        return None
    games = listed.flatten()
    uuids = games.field("uuid")
    if games.null_count or uuids.null_count or pc.any(pc.equal(uuids, "")).as_py():
        return None
    return games
