"""`lifemetrics status`: per source, what was loaded when and what failed."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from lifemetrics.cli.app import app

if TYPE_CHECKING:
    from lifemetrics.settings import Settings
    from lifemetrics.sources.status import SourceStatus

console = Console()
DEMO_AUTHORISATION = (
    "authorisation: the demo stand-in's own token, used during `lifemetrics demo` only"
)


@app.command("status")
def status_command() -> None:
    """Show each source's last run, its last completed load, its raw tables, what failed, and the raw
    rows the last build set aside."""
    from lifemetrics.settings import load_settings

    settings = load_settings()  # a bad setting is said before DuckDB is even imported
    from lifemetrics.sources.status import source_statuses
    from lifemetrics.standins.demo_marker import DEMO_DIR, read_demo_marker

    statuses = source_statuses(settings)
    demo = read_demo_marker(settings.home)
    if demo is None and not any(status.last_run for status in statuses):
        demo = read_demo_marker(settings.home / DEMO_DIR)
        if demo is not None:
            console.print(
                f"Nothing run in {settings.home} yet; {settings.home / DEMO_DIR} holds "
                f"{demo.describe()}:",
                highlight=False,
                soft_wrap=True,
            )
            settings = settings.model_copy(update={"home": settings.home / DEMO_DIR})
            statuses = source_statuses(settings)
    elif demo is not None:
        console.print(f"{settings.home} holds {demo.describe()}:", highlight=False, soft_wrap=True)
    for status in statuses:
        if demo is not None:
            status.details = [
                DEMO_AUTHORISATION if detail.startswith("authorisation:") else detail
                for detail in status.details
            ]
        for line in status_lines(status):
            console.print(line, highlight=False, soft_wrap=True)
    for line in set_aside_lines(settings):
        console.print(line, highlight=False, soft_wrap=True)


def set_aside_lines(settings: Settings) -> list[str]:
    """The rows in the warehouse's quarantine: each with its source, key, failed check and raw value."""
    import duckdb

    from lifemetrics.lakehouse.errors import LakehouseError
    from lifemetrics.warehouse.quarantine import read_set_aside
    from lifemetrics.warehouse.target import target_for

    # the lakehouse's engines raise their query errors, or OSError when their server does not answer
    unanswered = (LakehouseError, OSError, *target_for(settings).query_errors)
    try:
        set_aside = read_set_aside(settings)
    except duckdb.IOException:
        return ["[bold]set aside[/]: warehouse in use by another process: quarantine not read"]
    except unanswered:
        return [
            f"[bold]set aside[/]: the lakehouse ({settings.engine}) did not answer: quarantine not "
            "read (`lifemetrics lakehouse up` starts the local one)"
        ]
    if not set_aside.count:
        return ["[bold]set aside[/]: no raw rows (every row passed its checks in the last build)"]
    lines = [
        f"[bold]set aside[/]: {set_aside.count} raw rows failed their row checks in the last build "
        "and are not published (they leave by themselves once the source mends them)"
    ]
    lines += [f"  {escape(row.describe())}" for row in set_aside.first]
    if set_aside.count > len(set_aside.first):
        lines.append(
            f"  ... and {set_aside.count - len(set_aside.first)} more in audit.quarantine of the warehouse"
        )
    return lines


def status_lines(status: SourceStatus) -> list[str]:
    """A headline for the source's last run, then its warehouse state and each problem, indented."""
    run = status.last_run
    if run is None:
        lines = [f"[bold]{status.source}[/]: never run here"]
    else:
        result = "ok" if run.ok else "[red]failed[/]"
        lines = [
            f"[bold]{status.source}[/]: last run {_when(run.finished_at)}, {result} "
            f"({run.rows} rows loaded, {run.requests} requests)"
        ]
        if run.error:
            lines.append(f"  [red]stopped:[/] {run.error}")
        lines.extend(f"  [red]failed:[/] {unit}" for unit in run.failed_units)
    if status.last_load_at is not None:
        tables = ", ".join(f"{name} {rows} rows" for name, rows in status.table_rows.items())
        lines.append(
            f"  last completed load {_when(status.last_load_at)}; raw_{status.dataset}: {tables or 'no tables'}"
        )
    lines.extend(f"  {escape(detail)}" for detail in status.details)
    if status.note:
        lines.append(f"  {status.note}")
    return lines


def _when(moment: datetime | str) -> str:
    """A timestamp as 'YYYY-MM-DD HH:MM:SS UTC'."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
