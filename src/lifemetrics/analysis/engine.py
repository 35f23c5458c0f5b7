"""The UCI engine: found from the setting, started with deterministic options, asked about one position."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import chess
import chess.engine

from lifemetrics.analysis.errors import INSTALL_HINT, EngineFailed, EngineNotFound

# One search thread and a small hash: a fixed node count then gives the same evaluation on every run
# (the hash is cleared between games, see `evaluate`), and one engine process per core uses each core fully.
ENGINE_OPTIONS = {"Threads": 1, "Hash": 16}
DEBIAN_GAMES_DIR = "/usr/games"
START_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True)
class PositionEval:
    """The engine's view of one position, from white's side: centipawns or moves to mate (never both).

    `mate` 0 means the side that just moved has given checkmate; a draw on the board (stalemate,
    insufficient material) is 0 centipawns. `best_uci`/`best_san` are None when the game is over.
    """

    cp: int | None
    mate: int | None
    best_uci: str | None
    best_san: str | None
    nodes: int


def find_engine(setting: str) -> Path:
    """The engine executable the setting names: a path, or a name looked up on PATH and in /usr/games."""
    if "/" in setting:
        path = Path(setting).expanduser()
        if path.is_file() and shutil.which(str(path)):
            return path
        raise EngineNotFound(f"no executable chess engine at {setting}: {INSTALL_HINT}")
    found = shutil.which(setting) or shutil.which(setting, path=DEBIAN_GAMES_DIR)
    if found is None:
        raise EngineNotFound(
            f"no chess engine {setting!r} on PATH or in {DEBIAN_GAMES_DIR}: {INSTALL_HINT}"
        )
    return Path(found)


def open_engine(path: Path) -> chess.engine.SimpleEngine:
    """Start the engine at `path` with ENGINE_OPTIONS (those it has); EngineFailed if it does not speak UCI."""
    try:
        engine = chess.engine.SimpleEngine.popen_uci(str(path), timeout=START_TIMEOUT_SECONDS)
    except (
        OSError,
        chess.engine.EngineError,
        chess.engine.EngineTerminatedError,
        TimeoutError,
    ) as exc:
        raise EngineFailed(
            f"chess engine {path} did not start as a UCI engine: {exc or type(exc).__name__}"
        ) from None
    engine.configure(
        {name: value for name, value in ENGINE_OPTIONS.items() if name in engine.options}
    )
    return engine


def engine_name(engine: chess.engine.SimpleEngine) -> str:
    """The engine's own name, e.g. 'Stockfish 15.1'."""
    return engine.id.get("name", "unknown engine")


def search_limit(nodes: int, depth: int | None) -> chess.engine.Limit:
    """The search of each position: a depth when one is set, otherwise a node count."""
    return chess.engine.Limit(depth=depth) if depth is not None else chess.engine.Limit(nodes=nodes)


def describe_limit(nodes: int, depth: int | None) -> str:
    """The limit in words, e.g. '20000 nodes' or 'depth 12'."""
    return f"depth {depth}" if depth is not None else f"{nodes} nodes"


def evaluate(
    engine: chess.engine.SimpleEngine, board: chess.Board, limit: chess.engine.Limit, game_key: str
) -> PositionEval:
    """Evaluate `board`; a new `game_key` makes the engine start a new game (cleared hash: deterministic)."""
    if board.is_checkmate():
        return PositionEval(None, 0, None, None, 0)
    if board.is_stalemate() or board.is_insufficient_material():
        return PositionEval(0, None, None, None, 0)
    info = engine.analyse(board, limit, game=game_key)
    score = info["score"].white()
    principal = info.get("pv") or []
    best = principal[0] if principal else None
    return PositionEval(
        cp=score.score(),
        mate=score.mate(),
        best_uci=best.uci() if best else None,
        best_san=board.san(best) if best else None,
        nodes=int(info.get("nodes", 0)),
    )
