"""One monthly archive as one Arrow table: every API field (flattened), the player, the month, the PGN columns.

dlt loads Arrow tables without its row-by-row normalizer, so names are made here exactly as dlt would
make them (nested dicts joined with `__`, `@id` -> `aid`), for any field, known or new.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import orjson
import pyarrow as pa
from dlt.common.libs.pyarrow import py_arrow_to_table_schema_columns
from dlt.common.normalizers.naming.snake_case import NamingConvention
from dlt.common.schema.typing import TTableSchemaColumns

from lifemetrics.sources.chess_com.errors import MalformedArchive

NAMING = NamingConvention()
KEY_COLUMNS = ("player", "uuid")
# True on a row that only deletes: merged, it removes the games of its (player, archive_month) and is
# not stored itself (dlt's hard_delete). Handed out for a month chess.com now lists without games.
REMOVED_COLUMN = "_removed"

_PLAYER_TYPE = pa.struct(
    [
        ("rating", pa.int64()),
        ("result", pa.string()),
        ("@id", pa.string()),
        ("username", pa.string()),
        ("uuid", pa.string()),
    ]
)
# A game object as the API sends it (JSON keys), every field the contract names typed.
GAME_TYPE = pa.struct(
    [
        ("url", pa.string()),
        ("pgn", pa.string()),
        ("time_control", pa.string()),
        ("end_time", pa.int64()),
        ("start_time", pa.int64()),
        ("rated", pa.bool_()),
        ("tcn", pa.string()),
        ("uuid", pa.string()),
        ("initial_setup", pa.string()),
        ("fen", pa.string()),
        ("time_class", pa.string()),
        ("rules", pa.string()),
        ("eco", pa.string()),
        ("tournament", pa.string()),
        ("match", pa.string()),
        ("white", _PLAYER_TYPE),
        ("black", _PLAYER_TYPE),
        ("accuracies", pa.struct([("white", pa.float64()), ("black", pa.float64())])),
    ]
)
# (parent object or '', field) of each integer field: Arrow would truncate a fractional value there silently.
_INTEGER_FIELDS = tuple(
    (parent.name, child.name)
    for parent in GAME_TYPE
    if pa.types.is_struct(parent.type)
    for child in parent.type
    if pa.types.is_integer(child.type)
) + tuple(("", field.name) for field in GAME_TYPE if pa.types.is_integer(field.type))
# Field names of the game object, and of each object inside it ('' is the game itself).
_FIELD_NAMES = {"": frozenset(GAME_TYPE.names)} | {
    field.name: frozenset(field.type.names) for field in GAME_TYPE if pa.types.is_struct(field.type)
}


@lru_cache(maxsize=4096)
def column_name(prefix: str, key: str) -> str:
    """dlt's name for field `key` under flattened parent `prefix` ('' at top level)."""
    name = NAMING.normalize_identifier(key)
    return f"{prefix}__{name}" if prefix else name


def _flat_fields(kind: pa.StructType, prefix: str = "") -> Iterator[tuple[str, pa.DataType]]:
    """(dlt column name, type) of each leaf of a struct type, depth first in field order."""
    for field in kind:
        name = column_name(prefix, field.name)
        if pa.types.is_struct(field.type):
            yield from _flat_fields(field.type, name)
        else:
            yield name, field.type


API_COLUMNS: dict[str, pa.DataType] = dict(_flat_fields(GAME_TYPE))
PGN_COLUMNS: dict[str, pa.DataType] = {
    "pgn_eco": pa.string(),
    "pgn_eco_url": pa.string(),
    "pgn_opening": pa.string(),
    "pgn_termination": pa.string(),
    "pgn_white_first_move": pa.string(),
    "pgn_black_first_move": pa.string(),
    "pgn_full_moves": pa.int32(),
    "pgn_white_clock_seconds": pa.float64(),
    "pgn_black_clock_seconds": pa.float64(),
    "pgn_variant": pa.string(),
    "pgn_custom_start": pa.bool_(),
    "lichess_opening_name": pa.string(),
    "lichess_opening_eco": pa.string(),
}
_PGN_TYPE = pa.struct(list(PGN_COLUMNS.items()))
CONTRACT_COLUMNS: dict[str, pa.DataType] = {
    "player": pa.string(),
    "archive_month": pa.string(),
    **API_COLUMNS,
    **PGN_COLUMNS,
}


def _field(name: str, kind: pa.DataType) -> pa.Field:
    """An Arrow field; the merge key columns are NOT NULL, as dlt's primary-key hint makes them."""
    return pa.field(name, kind, nullable=name not in KEY_COLUMNS)


CONTRACT_SCHEMA = pa.schema([_field(name, kind) for name, kind in CONTRACT_COLUMNS.items()])


def column_hints() -> TTableSchemaColumns:
    """dlt column hints of every contract column, so each exists in the table even when always NULL,
    and of the removal flag."""
    hints = py_arrow_to_table_schema_columns(CONTRACT_SCHEMA)
    hints[REMOVED_COLUMN] = {
        "name": REMOVED_COLUMN,
        "data_type": "bool",
        "nullable": True,
        "hard_delete": True,
    }
    return hints


def month_removal(player: str, month: str) -> pa.Table:
    """One row that, merged, deletes every game of `player`'s `month` and stores nothing."""
    columns = {
        "player": player,
        "archive_month": month,
        "uuid": f"{month}-listed-no-games",
        REMOVED_COLUMN: True,
    }
    fields = [
        _field(name, pa.bool_() if name == REMOVED_COLUMN else pa.string()) for name in columns
    ]
    return pa.Table.from_pylist([columns], schema=pa.schema(fields))


def parse_month_games(body: bytes, url: str) -> list[dict[str, Any]]:
    """The game objects of a monthly-archive response; MalformedArchive when the body is not one."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise MalformedArchive(f"{url} is not valid JSON ({exc})", url=url) from None
    games = document.get("games") if isinstance(document, dict) else None
    if not isinstance(games, list) or not all(isinstance(game, dict) for game in games):
        raise MalformedArchive(f"{url} has no 'games' list of game objects", url=url)
    for game in games:
        if not isinstance(game.get("uuid"), str) or not game["uuid"]:
            raise MalformedArchive(
                f"{url} has a game without uuid: {game.get('url', '?')}", url=url
            )
    return games


def flatten_game(
    game: dict[str, Any], prefix: str = "", into: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A game object with nested dicts flattened into `parent__child` columns (lists stay values)."""
    row = {} if into is None else into
    for key, value in game.items():
        name = column_name(prefix, key)
        if isinstance(value, dict):
            flatten_game(value, name, row)
        else:
            row[name] = value
    return row


def games_table(games: list[dict[str, Any]], player: str, month: str) -> pa.Table:
    """One Arrow table of a month's games with every contract column, plus any field the API added."""
    api_columns = _known_api_arrays(games) or _api_arrays(games)
    pgn_columns = pgn_arrays(
        [_text(game.get("pgn")) for game in games],
        [_text(game.get("initial_setup")) for game in games],
        [_text(game.get("tcn")) for game in games],
    )
    return assembled_table(player, month, len(games), api_columns, pgn_columns)


def contract_games_table(games: pa.StructArray, player: str, month: str) -> pa.Table:
    """`games_table` of games already typed as GAME_TYPE (Arrow's JSON reader gives them so)."""
    api_columns = dict(zip(API_COLUMNS, _leaf_arrays(games)))
    pgn_columns = pgn_arrays(
        games.field("pgn").to_pylist(),
        games.field("initial_setup").to_pylist(),
        games.field("tcn").to_pylist(),
    )
    return assembled_table(player, month, len(games), api_columns, pgn_columns)


def assembled_table(
    player: str,
    month: str,
    rows: int,
    api_columns: dict[str, pa.Array],
    pgn_columns: dict[str, pa.Array],
) -> pa.Table:
    """The month's table: player and month, then the API columns, then the PGN columns."""
    columns: dict[str, pa.Array] = {
        "player": pa.array([player] * rows, pa.string()),
        "archive_month": pa.array([month] * rows, pa.string()),
        **api_columns,
        **pgn_columns,
    }
    fields = [_field(name, array.type) for name, array in columns.items()]
    return pa.Table.from_arrays(list(columns.values()), schema=pa.schema(fields))


def _known_api_arrays(games: list[dict[str, Any]]) -> dict[str, pa.Array] | None:
    """The API columns in one Arrow conversion of the game objects, when every field is one the
    contract names and fits its type; None otherwise (`_api_arrays` then keeps new fields and sets
    bad values aside)."""
    if not _only_contract_fields(games) or _has_fractional_integers(games):
        return None
    try:
        array = pa.array(games, GAME_TYPE)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return None
    return dict(zip(API_COLUMNS, _leaf_arrays(array)))


def _only_contract_fields(games: list[dict[str, Any]]) -> bool:
    """True when no game has a field (top level or in a known object) that GAME_TYPE does not name."""
    keys: set[str] = set()
    for game in games:
        keys.update(game)
    if not keys <= _FIELD_NAMES[""]:
        return False
    for parent, names in _FIELD_NAMES.items():
        if parent:
            keys = set()
            for game in games:
                value = game.get(parent)
                if isinstance(value, dict):
                    keys.update(value)
            if not keys <= names:
                return False
    return True


def _has_fractional_integers(games: list[dict[str, Any]]) -> bool:
    """True when an integer field of a game holds a float (Arrow would truncate it without a word)."""
    for game in games:
        for parent, name in _INTEGER_FIELDS:
            holder = game.get(parent) if parent else game
            if isinstance(holder, dict) and isinstance(holder.get(name), float):
                return True
    return False


def _leaf_arrays(array: pa.StructArray) -> Iterator[pa.Array]:
    """The leaf arrays of a struct array in GAME_TYPE's order (a NULL parent makes its children NULL)."""
    for child in array.flatten():
        if pa.types.is_struct(child.type):
            yield from _leaf_arrays(child)
        else:
            yield child


def _api_arrays(games: list[dict[str, Any]]) -> dict[str, pa.Array]:
    """The API columns game by game: contract columns typed, a value that does not fit its column's
    type in the column's variant `<column>__v_text` (the column NULL there, as dlt's normaliser does
    for JSON rows: the build's row checks set that game aside), then every field the contract does
    not name, with an inferred type."""
    rows = [flatten_game(game) for game in games]
    columns: dict[str, pa.Array] = {}
    for name, kind in API_COLUMNS.items():
        typed, variant = _typed_array([row.get(name) for row in rows], kind)
        columns[name] = typed
        if variant is not None:
            columns[variant_column(name)] = variant
    for name in _extra_names(rows):
        columns[name] = _inferred_array([row.get(name) for row in rows])
    return columns


def variant_column(name: str) -> str:
    """The column holding the values of column `name` that do not fit its type."""
    return f"{name}__v_text"


def _extra_names(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Columns the contract does not name, in first-seen order: new API fields are kept too."""
    seen: dict[str, None] = {}
    for row in rows:
        for name in row:
            if name not in CONTRACT_COLUMNS and name not in seen:
                seen[name] = None
    return list(seen)


def _typed_array(values: list[Any], kind: pa.DataType) -> tuple[pa.Array, pa.Array | None]:
    """A contract column, and its variant (None when every value fits): the values that do not fit
    `kind`, as text (strings as they are, anything else as JSON), where the column is NULL."""
    if not (pa.types.is_integer(kind) and any(isinstance(value, float) for value in values)):
        try:
            return pa.array(values, kind), None
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
    fitting: list[Any] = []
    misfits: list[str | None] = []
    for value in values:
        if _fits(value, kind):
            fitting.append(value)
            misfits.append(None)
        else:
            fitting.append(None)
            misfits.append(
                value if isinstance(value, str) else orjson.dumps(value, default=str).decode()
            )
    if not any(misfit is not None for misfit in misfits):
        return pa.array(fitting, kind), None
    return pa.array(fitting, kind), pa.array(misfits, pa.string())


def _fits(value: Any, kind: pa.DataType) -> bool:
    """True when Arrow takes `value` as `kind` unchanged (a float in an integer column it would truncate)."""
    if pa.types.is_integer(kind) and isinstance(value, float):
        return False
    try:
        pa.array([value], kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return False
    return True


def _inferred_array(values: list[Any]) -> pa.Array:
    """A column the contract does not know: Arrow's inferred type, JSON text when values disagree."""
    try:
        array = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        array = None
    if array is None or pa.types.is_null(array.type):
        return pa.array(
            [None if value is None else orjson.dumps(value).decode() for value in values],
            pa.string(),
        )
    return array


def pgn_arrays(
    pgns: list[str | None], setups: list[str | None], tcns: list[str | None]
) -> dict[str, pa.Array]:
    """The `pgn_*` columns read from each game's PGN (NULL where a game has none).

    The PGN reader (with python-chess and the opening book) is imported on the first month read: a
    daily run that finds nothing new never needs it.
    """
    from lifemetrics.sources.chess_com.pgn import extract_pgn_fields

    extracted = [extract_pgn_fields(*game) for game in zip(pgns, setups, tcns)]
    return dict(zip(PGN_COLUMNS, pa.array(extracted, _PGN_TYPE).flatten()))


def _text(value: Any) -> str | None:
    """`value` when it is a string (a PGN or FEN of another type is in its variant column, not parsed)."""
    return value if isinstance(value, str) else None


def drop_games(table: pa.Table, seen: set[str]) -> pa.Table:
    """`table` without games whose uuid is in `seen` (or repeated in it: the last copy stays); adds the rest to `seen`.

    One load must hold each (player, uuid) once: the merge is declared deduplicated, which spares
    DuckDB a window over every column of every row.
    """
    uuids = table.column("uuid").to_pylist()
    last_index = {uuid: index for index, uuid in enumerate(uuids)}
    if len(last_index) == len(uuids) and seen.isdisjoint(last_index):
        seen.update(last_index)
        return table
    keep = sorted(index for uuid, index in last_index.items() if uuid not in seen)
    seen.update(last_index)
    return table.take(pa.array(keep, pa.int64()))
