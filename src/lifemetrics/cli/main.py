"""The `lifemetrics` Typer app: wiring of every command, and the one-line error contract."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from lifemetrics import __version__
from lifemetrics.errors import LifemetricsError

app = typer.Typer(
    name="lifemetrics",
    help="Your chess.com games and Oura ring data: ingested, modelled, audited, published, shown.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
ingest_app = typer.Typer(help="Load one source into the raw tables of the warehouse.", no_args_is_help=True)
app.add_typer(ingest_app, name="ingest")

err_console = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lifemetrics {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Your chess.com games and Oura ring data: ingested, modelled, audited, published, shown."""


def _register_commands() -> None:
    """Import the command modules; each adds its commands to `app` or a sub-app."""
    from lifemetrics.cli import chess_commands, demo_command, status_command  # noqa: F401
    from lifemetrics.cli import run_command, standins_command  # noqa: F401
    from lifemetrics.cli import oura_commands  # noqa: F401
    from lifemetrics.cli import dashboard_command  # noqa: F401
    from lifemetrics.cli import build_commands  # noqa: F401
    from lifemetrics.cli import superset_commands  # noqa: F401


def main() -> None:
    """Console entry point: run the app, turning a LifemetricsError into one line and exit 1."""
    _register_commands()
    try:
        app()
    except LifemetricsError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
