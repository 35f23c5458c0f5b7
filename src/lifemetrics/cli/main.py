"""The `lifemetrics` console entry point: registers every command, and the one-line error contract."""

from __future__ import annotations

import sys
from types import ModuleType

from lifemetrics.cli.app import app, err_console
from lifemetrics.errors import LifemetricsError

__all__ = ["app", "main"]


def _register_commands() -> tuple[ModuleType, ...]:
    """Import the command modules, in the order `lifemetrics --help` lists their commands.

    Each adds its commands to `app` or a sub-app of `cli.app` as it is imported.
    """
    # isort: off
    from lifemetrics.cli import run_command, demo_command, status_command, standins_command
    from lifemetrics.cli import ingest_commands, oura_commands, dashboard_command, build_commands

    # isort: on
    return (
        run_command,
        demo_command,
        status_command,
        standins_command,
        ingest_commands,
        oura_commands,
        dashboard_command,
        build_commands,
    )


def main() -> None:
    """Console entry point: run the app, turning a LifemetricsError into one line and exit 1."""
    _register_commands()
    try:
        app()
    except LifemetricsError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
