"""`lifemetrics ingest chess`: load the tracked players' chess.com games into raw_chess_com.games."""

from __future__ import annotations

from rich.console import Console

from lifemetrics.cli.chess_progress import MonthBars, summary_table
from lifemetrics.cli.main import ingest_app
from lifemetrics.settings import load_settings

console = Console()


@ingest_app.command("chess")
def ingest_chess_command() -> None:
    """Load new and changed monthly archives of LIFEMETRICS_CHESS_USERNAMES (conditional, serial requests)."""
    # dlt is imported when used, not when the CLI starts, so --help stays fast
    from lifemetrics.sources.chess_com import ingest_chess
    from lifemetrics.sources.chess_com.errors import ChessComError

    settings = load_settings()
    with MonthBars(console) as bars:
        report = ingest_chess(settings, on_month=bars.update)
    console.print(summary_table(report))
    if report.failed:
        failed = "; ".join(f"{unit.unit} ({unit.detail})" for unit in report.failures)
        raise ChessComError(f"chess.com: {len(report.failures)} failed, the rest loaded: {failed}")
