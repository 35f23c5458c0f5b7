"""How the CLI shows `Tick`s: a Rich bar per line of work, or one status line for a whole run."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn
from rich.status import Status

from lifemetrics.progress import Tick


class TickBars:
    """One Rich line per unit of work (a player, an endpoint): a bar when counted, its last detail."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.fields[unit]:<20}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=console,
        )
        self._tasks: dict[tuple[str, str], TaskID] = {}
        self._totals: dict[tuple[str, str], int] = {}

    def __enter__(self) -> Self:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._progress.__exit__(*exc_info)

    def update(self, tick: Tick) -> None:
        """Show a tick on its unit's line; a retry is a line of its own."""
        if tick.state == "retry":
            self._progress.console.print(f"  retrying: {escape(tick.detail)}", highlight=False)
            return
        key = (tick.source, tick.unit)
        if key not in self._tasks:
            self._tasks[key] = self._progress.add_task("", unit=tick.unit, total=tick.total)
        if tick.total is not None:
            self._totals[key] = tick.total
        total = self._totals.get(key, 1)
        detail = escape(tick.detail)
        task = self._tasks[key]
        if tick.state == "done":
            self._progress.update(task, completed=total, total=total, description=detail)
        elif tick.state == "failed":
            self._progress.update(task, total=total, description=f"[red]{detail}[/]")
        elif tick.done is not None:
            self._progress.update(task, completed=tick.done, total=tick.total, description=detail)
        else:
            self._progress.update(task, description=detail)


class RunStatus:
    """A pipeline run on stderr: a timestamped line as each step starts, a live line of its ticks."""

    def __init__(self, console: Console, status: Status) -> None:
        self._console = console
        self._status = status
        self._step = ""

    def update(self, tick: Tick) -> None:
        """Print a starting step; show any other tick on the live line, under its step."""
        if tick.state == "step":
            self._step = tick.unit
            self._console.print(
                f"[dim]{datetime.now():%H:%M:%S}[/] {tick.unit} ...", highlight=False
            )
            self._status.update(tick.unit)
        elif tick.source == "run" or not self._step:
            self._status.update(escape(str(tick)))
        else:
            self._status.update(f"{self._step}: {escape(str(tick))}")
