"""`lifemetrics ingest <source>`: one command per registered source, with one progress view."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from lifemetrics.cli.app import ingest_app
from lifemetrics.cli.ingest_views import summary_table
from lifemetrics.cli.progress import TickBars
from lifemetrics.orchestration.lock import run_lock
from lifemetrics.sources.registry import Source, all_sources

console = Console()


def ingest(source: Source) -> None:
    """Ingest one source with a bar per unit of work, print its summary, raise if units failed."""
    from lifemetrics.settings import load_settings

    settings = load_settings()
    implementation = source.implementation()  # dlt loads with it: only once a command runs
    with run_lock(settings), TickBars(console) as bars:
        report = implementation.ingest(settings, progress=bars.update)
        if not report.failed:
            from lifemetrics.warehouse.target import target_for

            target_for(settings).land_raw(settings)  # the lakehouse's raw tables (engine trino)
    console.print(summary_table(report))
    if report.failed:
        error = implementation.units_failed(report)
        for detail in error.details:
            console.print(f"[red]failed[/] {escape(detail)}", highlight=False, soft_wrap=True)
        raise error


def _register(source: Source) -> None:
    """Add `lifemetrics ingest <source.name>`."""

    def command() -> None:
        ingest(source)

    command.__doc__ = source.help
    ingest_app.command(source.name, help=source.help)(command)


for _source in all_sources():
    _register(_source)
