"""Rich views of a move analysis: one bar of games with positions per second, and the summary table."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from lifemetrics.analysis import AnalysisProgress, AnalysisReport


class GamesBar:
    """Games analysed of the games to analyse, positions evaluated and positions per second."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("analysing games"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[positions]:,} positions, {task.fields[rate]:.0f}/s"),
            TimeElapsedColumn(),
            console=console,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> GamesBar:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._progress.__exit__(*exc_info)

    def update(self, tick: AnalysisProgress) -> None:
        """Show `tick`: games done of total, positions so far and their rate."""
        if self._task is None:
            self._task = self._progress.add_task(
                "games", total=tick.games_total, positions=0, rate=0.0
            )
        self._progress.update(
            self._task,
            completed=tick.games_done,
            positions=tick.positions,
            rate=tick.positions_per_second,
        )


def summary_table(report: AnalysisReport) -> Table:
    """What the analysis did: games analysed, unreadable, failed and left, positions, speed, engine."""
    table = Table(
        title=f"chess move analysis ({report.engine or 'no engine started'}, {report.limit} per position)"
    )
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("games analysed", f"{report.analysed:,}")
    table.add_row("games unreadable (skipped for good)", f"{report.unreadable:,}")
    table.add_row("games failed (retried next time)", f"{len(report.failed):,}")
    left = f"{report.left:,}" + (" (time budget spent)" if report.budget_spent else "")
    table.add_row("games left to analyse", left)
    table.add_row("positions evaluated", f"{report.positions:,}")
    if report.workers:
        per_core = report.positions_per_second / report.workers
        table.add_row(
            "positions per second",
            f"{report.positions_per_second:,.1f} ({per_core:,.1f} per engine)",
        )
        table.add_row("engines (one per core)", str(report.workers))
    table.add_row("seconds", f"{report.seconds:,.1f}")
    return table
