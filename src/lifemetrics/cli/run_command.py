"""`lifemetrics run`: the whole pipeline once, for cron and systemd timers; one summary table at the end."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from lifemetrics.cli.app import app, err_console
from lifemetrics.cli.progress import RunStatus
from lifemetrics.errors import EXIT_ROWS_SET_ASIDE, LifemetricsError
from lifemetrics.sources.registry import all_sources, source_named
from lifemetrics.sources.report import UnitStatus

if TYPE_CHECKING:
    from lifemetrics.orchestration.run import RunSummary
    from lifemetrics.settings import Settings

COUNTED_STATUSES = (UnitStatus.LOADED, UnitStatus.NOT_MODIFIED, UnitStatus.FAILED)
LOG_WIDTH = 120


class RunFailed(LifemetricsError):
    """At least one step of the run failed; what succeeded stays loaded."""


def summary_table(summary: RunSummary) -> Table:
    """One row per source (rows loaded, units re-read / not modified / failed), then audit, publish, dashboard."""
    table = Table(title="lifemetrics run")
    table.add_column("step")
    for column in ("rows loaded", "re-read", "not modified", "failed"):
        table.add_column(column, justify="right")
    table.add_column("result")
    for outcome in summary.sources:
        report = outcome.report
        counts = (
            ["-"] * 4
            if report is None
            else [str(report.rows), *(str(report.count(status)) for status in COUNTED_STATUSES)]
        )
        table.add_row(f"ingest {outcome.source}", *counts, "failed" if outcome.failed else "ok")
    if summary.analysis is not None or summary.analysis_note:
        table.add_row("analyse chess", *_analysis_row(summary))
    for step, result in _later_steps(summary):
        table.add_row(step, "", "", "", "", result)
    return table


def _analysis_row(summary: RunSummary) -> list[str]:
    """Games analysed (as rows loaded) and failed, and how many are left; or why the analysis did not run."""
    report = summary.analysis
    if report is None:
        return ["-", "", "", "-", summary.analysis_note.split(":")[0]]
    result = "failed" if report.failed else f"ok, {report.left} games left"
    return [str(report.analysed), "", "", str(len(report.failed)), result]


def _later_steps(summary: RunSummary) -> list[tuple[str, str]]:
    """Audit, publish and dashboard rows: what they did, or that nothing new needed them."""
    if summary.up_to_date_since is not None:
        since = f"nothing new since {summary.up_to_date_since.astimezone():%Y-%m-%d %H:%M:%S %Z}"
        return [("audit", "skipped"), ("publish", since), ("dashboard", "up to date")]
    published = (
        f"{summary.published_at:%Y-%m-%d %H:%M:%S %Z}" if summary.published_at else "not published"
    )
    return [
        ("audit", summary.audit.split(":")[0]),
        ("publish", published),
        ("dashboard", "rebuilt" if summary.dashboard else "not rebuilt"),
    ]


def summary_notes(summary: RunSummary) -> list[str]:
    """What the table has no room for: each failure in full, and where the dashboard is."""
    notes = [
        f"ingest {outcome.source}: {outcome.error}" for outcome in summary.sources if outcome.error
    ]
    if summary.analysis_note:
        notes.append(f"analyse chess: {summary.analysis_note}")
    notes += [
        f"{unit.unit}: {unit.status.value}: {unit.detail}"
        for outcome in summary.sources
        if outcome.report
        for unit in outcome.report.failures
    ]
    if summary.audit.startswith(("failed", "not finished")):
        notes.append(f"audit {summary.audit}")
    if summary.set_aside.count:
        notes.append(summary.set_aside.summary())
    if summary.dashboard:
        notes.append(f"dashboard: {summary.dashboard}")
    return notes


@app.command("run")
def run_command(
    source: str | None = typer.Option(
        None,
        "--source",
        help=f"Ingest only this source ({', '.join(s.name for s in all_sources())}).",
    ),
    since: datetime | None = typer.Option(
        None, "--since", formats=["%Y-%m-%d"], help="Re-read from this day on."
    ),
    full_refresh: bool = typer.Option(
        False, "--full-refresh", help="Rebuild every model from raw."
    ),
) -> None:
    """Ingest every configured source, build and audit, publish, rebuild the dashboard (cron-friendly).

    Exits 0 when every step succeeded, 3 when everything was published but raw rows were set aside
    (named at the end; `lifemetrics status` lists them), 1 when a step failed."""
    from lifemetrics.settings import load_settings

    summary = run_with_progress(
        load_settings(),
        sources=[source_named(source).name] if source else None,
        since=since.date() if since else None,
        full_refresh=full_refresh,
    )
    if not summary.ok:
        raise RunFailed(
            f"run failed at: {'; '.join(summary.failed_steps)} (what succeeded stays loaded)"
        )
    if summary.set_aside.count:
        raise typer.Exit(EXIT_ROWS_SET_ASIDE)


def run_with_progress(settings: Settings, **options: Any) -> RunSummary:
    """Run the pipeline with a live status line on stderr, then print the summary table on stdout."""
    from lifemetrics.orchestration.run import run_pipeline

    with err_console.status("starting") as status:
        summary = run_pipeline(settings, progress=RunStatus(err_console, status).update, **options)
    console = Console()
    if not console.is_terminal:
        console.width = (
            LOG_WIDTH  # cron and systemd logs: no terminal to fit, keep each row on one line
        )
    console.print(summary_table(summary))
    for note in summary_notes(summary):
        console.print(note, highlight=False, soft_wrap=True)
    if summary.up_to_date_since is not None:
        console.print(
            f"dashboard: {settings.dashboard_dir / 'index.html'}", highlight=False, soft_wrap=True
        )
    return summary
