"""Errors of the move analysis, each a one-line reason for the CLI."""

from lifemetrics.errors import LifemetricsError

INSTALL_HINT = (
    "install Stockfish (Debian/Ubuntu: sudo apt-get install stockfish; macOS: brew install stockfish) "
    "or set LIFEMETRICS_ENGINE_PATH to a UCI engine"
)


class AnalysisError(LifemetricsError):
    """The analysis could not go on; games analysed before stay in the warehouse."""


class EngineNotFound(AnalysisError):
    """No UCI engine at the configured path or name."""


class EngineFailed(AnalysisError):
    """The engine would not start, or died and would not start again."""


class UnreadableGame(Exception):
    """A game's PGN cannot be replayed (recorded as unreadable, never retried)."""
