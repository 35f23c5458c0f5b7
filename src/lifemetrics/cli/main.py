"""The `lifemetrics` console entry point: registers every command, and the one-line error contract."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from rich.markup import escape

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
    from lifemetrics.cli import superset_commands, analyse_commands, watch_command
    from lifemetrics.cli import lakehouse_commands, chess_job_command

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
        superset_commands,
        analyse_commands,
        watch_command,
        lakehouse_commands,
        chess_job_command,
    )


def main() -> None:
    """Console entry point: run the app, turning a LifemetricsError, or a failure of the machine (a full
    disk, a read-only or held file: `failures.explain`), into one line and exit 1."""
    _register_commands()
    try:
        app()
    except LifemetricsError as exc:
        _fail(exc)
    except Exception as exc:
        from lifemetrics.failures import explain

        explained = explain(exc, _home_from_environment())
        if explained is None:
            raise
        _fail(explained)


def _fail(exc: Exception) -> NoReturn:
    """Print `exc` as the one `error:` line and exit 1."""
    err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
    sys.exit(1)


def _home_from_environment() -> Path | None:
    """LIFEMETRICS_HOME as set, where a failure that names no file happened."""
    home = os.environ.get("LIFEMETRICS_HOME")
    return Path(home) if home else None
