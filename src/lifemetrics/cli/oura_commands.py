"""`lifemetrics ingest oura` and `lifemetrics oura login`: thin commands over the Oura source."""

from __future__ import annotations

import re
from typing import Self

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn
from rich.table import Table

from lifemetrics.cli.main import app, ingest_app
from lifemetrics.settings import load_settings
from lifemetrics.sources.report import IngestReport, UnitStatus

oura_app = typer.Typer(
    help="Oura ring: authorise lifemetrics to read your data.", no_args_is_help=True
)
app.add_typer(oura_app, name="oura")
console = Console()

_WINDOW_COUNT = re.compile(r"\((\d+)/(\d+)\)$")


@ingest_app.command("oura")
def ingest_oura_command() -> None:
    """Load your Oura data (daily scores, sleep periods, heart rate, personal info) into raw_oura."""
    # dlt is imported when used, not when the CLI starts, so --help stays fast
    from lifemetrics.sources.oura import ingest_oura
    from lifemetrics.sources.oura.errors import OuraError

    settings = load_settings()
    with EndpointProgress(console) as progress:
        report = ingest_oura(settings, progress=progress.update)
    console.print(summary_table(report))
    if report.failed:
        for unit in report.failures:
            console.print(f"[red]failed[/] {escape(unit.detail)}", highlight=False, soft_wrap=True)
        names = ", ".join(unit.unit for unit in report.failures)
        loaded = len(report.units) - len(report.failures)
        raise OuraError(
            f"Oura endpoints failed: {names}" + (f" ({loaded} others loaded)" if loaded else "")
        )


@oura_app.command("login")
def login_command(
    no_browser: bool = typer.Option(
        False, "--no-browser", help="Only print the URL; do not open a browser."
    ),
    port: int | None = typer.Option(
        None, "--port", help="Loopback port of the redirect (default: setting; 0: free)."
    ),
    timeout: float = typer.Option(
        300.0, "--timeout", help="Seconds to wait for the browser's redirect."
    ),
) -> None:
    """Authorise lifemetrics with your own Oura OAuth2 app; the tokens are stored for later runs."""
    from lifemetrics.sources.oura.auth import login
    from lifemetrics.sources.oura.auth.tokens import token_store

    settings = load_settings()
    pair = login(
        settings,
        show_url=_show_authorize_url,
        port=port,
        open_browser=not no_browser,
        timeout_seconds=timeout,
    )
    console.print(
        f"Logged in to Oura (scopes: {pair.scope or 'not stated'}); "
        f"tokens saved in the {token_store(settings).description}.",
        highlight=False,
        soft_wrap=True,
    )


def _show_authorize_url(url: str) -> None:
    console.print("Open this URL in a browser and allow lifemetrics to read your Oura data:")
    console.print(url, highlight=False, soft_wrap=True)


class EndpointProgress:
    """A Rich progress line per endpoint, fed with the source's '<endpoint>: <detail>' messages."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.fields[endpoint]:<17}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._totals: dict[str, int] = {}

    def __enter__(self) -> Self:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._progress.__exit__(*exc_info)

    def update(self, message: str) -> None:
        """Show one progress message on its endpoint's line."""
        endpoint, _, detail = message.partition(": ")
        if endpoint == "retry":
            self._progress.console.print(f"  retrying: {detail}", highlight=False)
            return
        if endpoint not in self._tasks:
            self._tasks[endpoint] = self._progress.add_task(detail, endpoint=endpoint, total=None)
        task = self._tasks[endpoint]
        counted = _WINDOW_COUNT.search(detail)
        if counted:
            self._totals[endpoint] = int(counted[2])
            self._progress.update(
                task, completed=int(counted[1]) - 1, total=int(counted[2]), description=detail
            )
        elif detail.startswith("done"):
            total = self._totals.get(endpoint, 1)
            self._progress.update(task, completed=total, total=total, description=detail)
        elif detail.startswith("failed"):
            self._progress.update(
                task, total=self._totals.get(endpoint, 1), description=f"[red]{detail}[/]"
            )
        else:
            self._progress.update(task, description=detail)


def summary_table(report: IngestReport) -> Table:
    """One row per endpoint: rows loaded, the days asked for, the status."""
    table = Table(title=f"Oura: {report.rows} rows, {report.requests} requests")
    for column in ("endpoint", "rows", "window", "status"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for unit in report.units:
        failed = unit.status is UnitStatus.FAILED
        status = f"[red]{unit.status.value}[/]" if failed else unit.status.value
        table.add_row(unit.unit, f"{unit.rows:,}", "" if failed else unit.detail, status)
    return table
