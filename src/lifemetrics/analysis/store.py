"""The analysis's raw tables in warehouse.duckdb, `raw_analysis.games` and `raw_analysis.moves`, and the games
still to analyse. Each game is written in one transaction: a killed analysis loses at most the games it had
not written, and a game once written is never analysed again (one row per uuid in `raw_analysis.games`).

Evaluations are from white's side: centipawns (`*_cp`) or moves to mate (`*_mate`, positive when white
mates; 0 when the move gave checkmate), never both. `_dlt_load_id` is the analysis run's start as epoch
seconds, as in the tables dlt loads: the models' and the run's marker of what is new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from lifemetrics.analysis.game import AnalysedGame, AnalysedMove, GameToAnalyse

SCHEMA = "raw_analysis"
CREATE_TABLES = (
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
    f"""CREATE TABLE IF NOT EXISTS {SCHEMA}.games (
        uuid VARCHAR PRIMARY KEY, player VARCHAR NOT NULL, status VARCHAR NOT NULL, detail VARCHAR,
        plies INTEGER NOT NULL, positions INTEGER NOT NULL, engine VARCHAR, limit_nodes INTEGER,
        limit_depth INTEGER, seconds DOUBLE, analysed_at TIMESTAMPTZ NOT NULL, _dlt_load_id VARCHAR NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS {SCHEMA}.moves (
        uuid VARCHAR NOT NULL, ply INTEGER NOT NULL, colour VARCHAR NOT NULL, san VARCHAR NOT NULL,
        uci VARCHAR NOT NULL, clock_seconds DOUBLE, pieces_before INTEGER NOT NULL,
        eval_before_cp INTEGER, eval_before_mate INTEGER, best_move_uci VARCHAR, best_move_san VARCHAR,
        eval_after_cp INTEGER, eval_after_mate INTEGER, _dlt_load_id VARCHAR NOT NULL, PRIMARY KEY (uuid, ply))""",
)
MOVES_SCHEMA = pa.schema(
    [
        ("uuid", pa.string()),
        ("ply", pa.int32()),
        ("colour", pa.string()),
        ("san", pa.string()),
        ("uci", pa.string()),
        ("clock_seconds", pa.float64()),
        ("pieces_before", pa.int32()),
        ("eval_before_cp", pa.int32()),
        ("eval_before_mate", pa.int32()),
        ("best_move_uci", pa.string()),
        ("best_move_san", pa.string()),
        ("eval_after_cp", pa.int32()),
        ("eval_after_mate", pa.int32()),
        ("_dlt_load_id", pa.string()),
    ]
)
ANALYSED, UNREADABLE = "analysed", "unreadable"

# Standard chess from the standard start, newest first; a game two tracked players played is analysed once.
PENDING_SQL = f"""
SELECT player, uuid FROM raw_chess_com.games AS g
WHERE list_contains(?, lower(player)) AND rules = 'chess' AND NOT coalesce(pgn_custom_start, false)
  AND pgn IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {SCHEMA}.games AS a WHERE a.uuid = g.uuid)
QUALIFY row_number() OVER (PARTITION BY uuid ORDER BY lower(player)) = 1
ORDER BY end_time DESC, uuid
"""
PGN_SQL = (
    "SELECT uuid, pgn FROM raw_chess_com.games WHERE list_contains(?, uuid) AND lower(player) = ?"
)


@dataclass(frozen=True)
class AnalysisRun:
    """What every row one analysis run writes carries: the run's id, the engine and its limit."""

    load_id: str
    engine: str
    limit_nodes: int | None
    limit_depth: int | None


@dataclass(frozen=True)
class PendingGame:
    """A game to analyse: the tracked player whose raw row holds it, and its uuid."""

    player: str
    uuid: str


def create_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the raw_analysis schema and tables if they are missing."""
    for statement in CREATE_TABLES:
        connection.execute(statement)


def has_chess_games(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether chess.com games were ever loaded into this warehouse."""
    return bool(
        connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw_chess_com' AND table_name = 'games'"
        ).fetchone()[0]
    )


def pending_games(connection: duckdb.DuckDBPyConnection, players: list[str]) -> list[PendingGame]:
    """The tracked players' standard games not analysed yet, newest first."""
    if not has_chess_games(connection):
        return []
    rows = connection.execute(PENDING_SQL, [players]).fetchall()
    return [PendingGame(player, uuid) for player, uuid in rows]


def read_games(
    connection: duckdb.DuckDBPyConnection, pending: list[PendingGame]
) -> list[GameToAnalyse]:
    """The PGN of each pending game, in the order given."""
    pgns: dict[str, str] = {}
    for player in sorted({game.player for game in pending}):
        uuids = [game.uuid for game in pending if game.player == player]
        pgns.update(connection.execute(PGN_SQL, [uuids, player.lower()]).fetchall())
    return [
        GameToAnalyse(game.player, game.uuid, pgns[game.uuid])
        for game in pending
        if game.uuid in pgns
    ]


def save_analysed(
    connection: duckdb.DuckDBPyConnection, analysed: AnalysedGame, run: AnalysisRun
) -> None:
    """Write one analysed game (its moves and its row in raw_analysis.games) in one transaction."""
    uuid = analysed.game.uuid
    moves = pa.Table.from_pylist(
        [_move_row(uuid, move, run.load_id) for move in analysed.moves], MOVES_SCHEMA
    )
    connection.begin()
    try:
        connection.execute(f"DELETE FROM {SCHEMA}.moves WHERE uuid = ?", [uuid])
        connection.register("analysed_moves", moves)
        connection.execute(f"INSERT INTO {SCHEMA}.moves SELECT * FROM analysed_moves")
        connection.unregister("analysed_moves")
        _insert_game(
            connection,
            analysed.game,
            run,
            ANALYSED,
            None,
            len(analysed.moves),
            analysed.positions,
            analysed.seconds,
        )
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


def save_unreadable(
    connection: duckdb.DuckDBPyConnection, game: GameToAnalyse, reason: str, run: AnalysisRun
) -> None:
    """Record a game whose PGN cannot be replayed, so no later run tries it again."""
    _insert_game(connection, game, run, UNREADABLE, reason, 0, 0, 0.0)


def _insert_game(
    connection: duckdb.DuckDBPyConnection,
    game: GameToAnalyse,
    run: AnalysisRun,
    status: str,
    detail: str | None,
    plies: int,
    positions: int,
    seconds: float,
) -> None:
    connection.execute(
        f"INSERT INTO {SCHEMA}.games VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            game.uuid,
            game.player,
            status,
            detail,
            plies,
            positions,
            run.engine,
            run.limit_nodes,
            run.limit_depth,
            seconds,
            datetime.now(UTC),
            run.load_id,
        ],
    )


def _move_row(uuid: str, analysed: AnalysedMove, load_id: str) -> dict[str, object]:
    move, before, after = analysed.move, analysed.before, analysed.after
    return {
        "uuid": uuid,
        "ply": move.ply,
        "colour": move.colour,
        "san": move.san,
        "uci": move.uci,
        "clock_seconds": move.clock_seconds,
        "pieces_before": move.pieces_before,
        "eval_before_cp": before.cp,
        "eval_before_mate": before.mate,
        "best_move_uci": before.best_uci,
        "best_move_san": before.best_san,
        "eval_after_cp": after.cp,
        "eval_after_mate": after.mate,
        "_dlt_load_id": load_id,
    }
