"""`lifemetrics status`: per source, what was loaded when and what failed."""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
from rich.console import Console
from rich.markup import escape

from lifemetrics.cli.app import app
from lifemetrics.settings import Settings, load_settings
from lifemetrics.sources.status import SourceStatus, source_statuses
from lifemetrics.warehouse.quarantine import read_set_aside

console = Console()


@app.command("status")
def status_command() -> None:
    """Show each source's last run, its last completed load, its raw tables, what failed, and the raw
    rows the last build set aside."""
    settings = load_settings()
    for status in source_statuses(settings):
        for line in status_lines(status):
            console.print(line, highlight=False, soft_wrap=True)
    for line in set_aside_lines(settings):
        console.print(line, highlight=False, soft_wrap=True)


def set_aside_lines(settings: Settings) -> list[str]:
    """The rows in the warehouse's quarantine: each with its source, key, failed check and raw value."""
    try:
        set_aside = read_set_aside(settings)
    except duckdb.IOException:
        return ["[bold]set aside[/]: warehouse in use by another process: quarantine not read"]
    if not set_aside.count:
        return ["[bold]set aside[/]: no raw rows (every row passed its checks in the last build)"]
    lines = [f"[bold]set aside[/]: {set_aside.count} raw rows failed their row checks in the last build "
             "and are not published (they leave by themselves once the source mends them)"]
    lines += [f"  {escape(row.describe())}" for row in set_aside.first]
    if set_aside.count > len(set_aside.first):
        lines.append(f"  ... and {set_aside.count - len(set_aside.first)} more in audit.quarantine of the warehouse")
    return lines


def status_lines(status: SourceStatus) -> list[str]:
    """A headline for the source's last run, then its warehouse state and each problem, indented."""
    run = status.last_run
    if run is None:
        lines = [f"[bold]{status.source}[/]: never run here"]
    else:
        result = "ok" if run.ok else "[red]failed[/]"
        lines = [f"[bold]{status.source}[/]: last run {_when(run.finished_at)}, {result} "
                 f"({run.rows} rows loaded, {run.requests} requests)"]
        if run.error:
            lines.append(f"  [red]stopped:[/] {run.error}")
        lines.extend(f"  [red]failed:[/] {unit}" for unit in run.failed_units)
    if status.last_load_at is not None:
        tables = ", ".join(f"{name} {rows} rows" for name, rows in status.table_rows.items())
        lines.append(f"  last completed load {_when(status.last_load_at)}; raw_{status.source}: {tables or 'no tables'}")
    lines.extend(f"  {escape(detail)}" for detail in status.details)
    if status.note:
        lines.append(f"  {status.note}")
    return lines


def _when(moment: datetime | str) -> str:
    """A timestamp as 'YYYY-MM-DD HH:MM:SS UTC'."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
