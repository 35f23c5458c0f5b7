"""`lifemetrics analyse chess`: Stockfish's view of every move of the tracked players' games."""

from __future__ import annotations

import typer
from rich.console import Console

from lifemetrics.cli.app import sub_app

analyse_app = sub_app("analyse", "Analyse games move by move with a local engine.")
console = Console()


@analyse_app.command("chess")
def analyse_chess_command(
    max_games: int | None = typer.Option(
        None, "--max-games", min=1, help="Analyse at most this many games."
    ),
    time_budget: float | None = typer.Option(
        None,
        "--time-budget",
        min=0,
        help="Stop after this many seconds, keeping every game already finished.",
    ),
) -> None:
    """Analyse the tracked players' standard games not analysed yet, newest first, with a local Stockfish.

    One engine per core (LIFEMETRICS_ANALYSIS_WORKERS), a fixed search per position
    (LIFEMETRICS_ANALYSIS_NODES, or LIFEMETRICS_ANALYSIS_DEPTH). Each game is written as it is finished: stop it
    any time, the next run goes on from there. `lifemetrics build` then publishes fct_chess_moves and
    fct_chess_game_analysis.
    """
    from lifemetrics.analysis import analyse_chess
    from lifemetrics.analysis.errors import AnalysisError
    from lifemetrics.cli.analysis_progress import GamesBar, summary_table
    from lifemetrics.orchestration.lock import run_lock
    from lifemetrics.settings import load_settings

    settings = load_settings()
    with run_lock(settings), GamesBar(console) as bar:
        report = analyse_chess(
            settings, max_games=max_games, time_budget=time_budget, on_progress=bar.update
        )
    console.print(summary_table(report))
    if report.failed:
        raise AnalysisError(
            f"{len(report.failed)} games failed, the rest are kept: {'; '.join(report.failed)}"
        )
