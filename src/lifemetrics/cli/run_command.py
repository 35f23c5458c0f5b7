"""`lifemetrics run`: the whole pipeline once, for cron and systemd timers; one summary table at the end."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from enum import Enum

import typer
from rich.console import Console
from rich.table import Table

from lifemetrics.cli.main import app, err_console
from lifemetrics.errors import LifemetricsError
from lifemetrics.orchestration.run import RunSummary, run_pipeline
from lifemetrics.settings import Settings, load_settings
from lifemetrics.sources.report import UnitStatus


class SourceName(str, Enum):
    """Sources `--source` accepts."""

    chess = "chess"
    oura = "oura"


class RunFailed(LifemetricsError):
    """At least one step of the run failed; what succeeded stays loaded."""


def summary_table(summary: RunSummary) -> Table:
    """One row per source (rows loaded, units re-read / not modified / failed), then audit, publish, dashboard."""
    table = Table(title="lifemetrics run", show_lines=False)
    for column in ("step", "rows loaded", "re-read", "not modified", "failed", "result"):
        table.add_column(column, justify="right" if column not in ("step", "result") else "left")
    for outcome in summary.sources:
        report = outcome.report
        counts = (
            [str(report.rows), str(report.count(UnitStatus.LOADED)), str(report.count(UnitStatus.NOT_MODIFIED)),
             str(report.count(UnitStatus.FAILED))]
            if report is not None else ["-", "-", "-", "-"]
        )
        detail = outcome.error or ", ".join(f"{unit.unit}: {unit.detail}" for unit in report.failures) or "ok"
        table.add_row(f"ingest {outcome.source}", *counts, detail)
    published = summary.published_at.isoformat(timespec="seconds") if summary.published_at else "not published"
    table.add_row("audit", "", "", "", "", summary.audit)
    table.add_row("publish", "", "", "", "", published)
    table.add_row("dashboard", "", "", "", "", str(summary.dashboard) if summary.dashboard else "not rebuilt")
    return table


@app.command("run")
def run_command(
    source: SourceName | None = typer.Option(None, "--source", help="Ingest only this source."),
    since: datetime | None = typer.Option(None, "--since", formats=["%Y-%m-%d"], help="Re-read from this day on."),
    full_refresh: bool = typer.Option(False, "--full-refresh", help="Rebuild every model from raw."),
) -> None:
    """Ingest every configured source, build and audit, publish, rebuild the dashboard (cron-friendly)."""
    summary = run_with_progress(load_settings(), sources=[source.value] if source else None,
                                since=since.date() if since else None, full_refresh=full_refresh)
    if not summary.ok:
        raise RunFailed(f"run failed at: {'; '.join(summary.failed_steps)} (what succeeded stays loaded)")


def run_with_progress(settings: Settings, **options: Any) -> RunSummary:
    """Run the pipeline with a live status line on stderr, then print the summary table on stdout."""
    with err_console.status("starting") as status:
        def progress(step: str, detail: str) -> None:
            if not detail:
                err_console.log(f"{step} ...")
            status.update(f"{step}: {detail}" if detail else step)

        summary = run_pipeline(settings, progress=progress, **options)
    Console().print(summary_table(summary))
    return summary
