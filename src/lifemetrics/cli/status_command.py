"""`lifemetrics status`: per source, what was loaded when and what failed."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from lifemetrics.cli.main import app
from lifemetrics.settings import load_settings
from lifemetrics.sources.status import SourceStatus, source_statuses

console = Console()


@app.command("status")
def status_command() -> None:
    """Show each source's last run, its last completed load and its raw tables; list what failed."""
    statuses = source_statuses(load_settings())
    console.print(status_table(statuses))
    for status in statuses:
        for line in problem_lines(status):
            console.print(f"[red]{status.source}[/] {line}", highlight=False, soft_wrap=True)


def status_table(statuses: list[SourceStatus]) -> Table:
    """One row per source."""
    table = Table(title="lifemetrics status")
    for header in ("source", "last run", "result", "rows", "requests", "last load", "raw tables (rows)"):
        table.add_column(header)
    for status in statuses:
        run = status.last_run
        tables = ", ".join(f"{name} ({rows})" for name, rows in status.table_rows.items()) or "-"
        table.add_row(
            status.source,
            run.finished_at[:19].replace("T", " ") + " UTC" if run else "never",
            ("ok" if run.ok else "[red]failed[/]") if run else "-",
            str(run.rows) if run else "-",
            str(run.requests) if run else "-",
            status.last_load_at.strftime("%Y-%m-%d %H:%M:%S %Z") if status.last_load_at else "-",
            tables,
        )
    return table


def problem_lines(status: SourceStatus) -> list[str]:
    """What went wrong in the source's last run, one line per failed unit, plus any note."""
    lines = []
    if status.last_run is not None:
        if status.last_run.error:
            lines.append(f"stopped: {status.last_run.error}")
        lines.extend(f"failed: {unit}" for unit in status.last_run.failed_units)
    if status.note:
        lines.append(status.note)
    return lines
