"""Rich views of a chess.com ingestion: a progress bar per player advancing month by month, and the summary."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from typing import TYPE_CHECKING

from lifemetrics.sources.report import IngestReport, UnitStatus

if TYPE_CHECKING:
    from lifemetrics.sources.chess_com import MonthProgress


COLUMNS = (
    ("months fetched", UnitStatus.LOADED),
    ("not modified", UnitStatus.NOT_MODIFIED),
    ("missing", UnitStatus.MISSING),
    ("failed", UnitStatus.FAILED),
)


class MonthBars:
    """One bar per player: its total is the months the run requests, each answered month advances it."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.fields[player]:<20}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.description}"), console=console,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> MonthBars:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._progress.__exit__(*exc_info)

    def update(self, tick: MonthProgress) -> None:
        """Show where `tick.player` stands: months done of the months requested, and the last outcome."""
        if tick.player not in self._tasks:
            self._tasks[tick.player] = self._progress.add_task("archives", total=tick.total, player=tick.player)
        last = ""
        if tick.result is not None:
            rows = f" ({tick.result.rows} games)" if tick.result.rows else ""
            last = f"{tick.result.unit.split(' ', 1)[1]} {tick.result.status.value}{rows}"
        self._progress.update(self._tasks[tick.player], total=tick.total, completed=tick.done, description=last)


def summary_table(report: IngestReport) -> Table:
    """Per player: months fetched, not modified, missing, failed, and games loaded."""
    table = Table(title="chess.com ingestion")
    table.add_column("player")
    for header, _ in COLUMNS:
        table.add_column(header, justify="right")
    table.add_column("games loaded", justify="right")
    counts: dict[str, dict[UnitStatus, int]] = defaultdict(lambda: defaultdict(int))
    games: dict[str, int] = defaultdict(int)
    for unit in report.units:
        player = unit.unit.split(" ", 1)[0]
        counts[player][unit.status] += 1
        games[player] += unit.rows
    for player, by_status in sorted(counts.items()):
        table.add_row(player, *(str(by_status[status]) for _, status in COLUMNS), str(games[player]))
    table.caption = f"{report.requests} requests, {report.bytes_received / 1e6:.1f} MB received"
    return table
