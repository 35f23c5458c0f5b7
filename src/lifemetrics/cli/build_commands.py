"""`lifemetrics build` (write, audit, publish) and `lifemetrics docs` (dbt's documentation site)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from lifemetrics.cli.app import app, err_console
from lifemetrics.errors import EXIT_ROWS_SET_ASIDE
from lifemetrics.orchestration.lock import run_lock
from lifemetrics.progress import Tick

if TYPE_CHECKING:
    from lifemetrics.warehouse.build import BuildReport

console = Console()


@app.command()
def build(
    full_refresh: bool = typer.Option(
        False, "--full-refresh", help="Rebuild every incremental model from raw."
    ),
) -> None:
    """Build and test every model in the audit schema; publish analytics.duckdb only if every test passed.

    Raw rows failing a row-level check are set aside in the warehouse's quarantine and the rest is
    published; the command then names them and exits with status 3."""
    from lifemetrics.settings import load_settings
    from lifemetrics.warehouse.build import build_and_publish  # dbt: imported once a command runs

    settings = load_settings()
    with run_lock(settings), err_console.status("dbt build") as status:

        def progress(tick: Tick) -> None:
            if tick.done is None:
                status.update(escape(str(tick)))
            else:
                status.update(f"dbt build: {tick.done} done, last {escape(str(tick))}")

        report = build_and_publish(settings, full_refresh, progress=progress)
    console.print(build_summary(report))
    if report.set_aside.count:
        console.print(report.set_aside.summary(), highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_ROWS_SET_ASIDE)


@app.command()
def docs() -> None:
    """Generate dbt's documentation site (models, columns, tests, lineage graph) and print where it is."""
    from lifemetrics.settings import load_settings
    from lifemetrics.warehouse.docs import generate_docs

    settings = load_settings()
    with run_lock(settings), err_console.status("dbt docs generate"):
        index = generate_docs(settings)
    console.print(f"dbt docs: [bold]{index}[/] ({index.as_uri()})", highlight=False, soft_wrap=True)


def build_summary(report: BuildReport) -> Table:
    """What was built and tested, then each published table and its rows."""
    kind = "full refresh" if report.full_refresh else "incremental"
    table = Table(
        title=f"lifemetrics build ({kind}, {report.seconds:.1f} s): published {report.analytics_path}"
    )
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("models built", str(report.models))
    table.add_row("data tests passed", str(report.data_tests))
    unit_tests = (
        str(report.unit_tests) if report.audit.unit_tests_ran else "skipped (models unchanged)"
    )
    table.add_row("unit tests passed", unit_tests)
    for name, rows in sorted(report.published_rows.items()):
        table.add_row(f"published {name}", f"{rows:,}")
    table.add_row("raw rows set aside", f"{report.set_aside.count:,}")
    return table
