"""The `lifemetrics` Typer app and its sub-apps, which every command module adds its commands to.

Command modules import from here, never from `main`: `main` imports them to register their commands,
so nothing imports back the module that imports it.
"""

from __future__ import annotations

import typer
from rich.console import Console

from lifemetrics import __version__

HELP = "Your chess.com games and Oura ring data: ingested, modelled, audited, published, shown."
SETTINGS_HELP = (
    "Settings: LIFEMETRICS_* environment variables, over lifemetrics.toml in the working directory "
    '(or the file LIFEMETRICS_CONFIG names), over defaults; e.g. chess_usernames = ["you"] and '
    'contact = "you@example.org" in lifemetrics.toml. Files go to LIFEMETRICS_HOME '
    "(default ~/.local/share/lifemetrics)."
)
# Plain click help (no Rich panels): Typer's Rich help shows a `<bool>` type beside every flag.
HELP_MARKUP = None

app = typer.Typer(
    name="lifemetrics",
    help=HELP,
    no_args_is_help=True,
    epilog=SETTINGS_HELP,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=HELP_MARKUP,
)


def sub_app(name: str, help: str) -> typer.Typer:
    """A command group `lifemetrics <name> ...` with `help`, added to `app`."""
    group = typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=HELP_MARKUP)
    app.add_typer(group, name=name)
    return group


ingest_app = sub_app("ingest", "Load one source into the raw tables of the warehouse.")

err_console = Console(stderr=True)


def _version(value: bool) -> None:
    """Print the version and stop (the eager `--version` option)."""
    if value:
        typer.echo(f"lifemetrics {__version__}")
        raise typer.Exit()


@app.callback(help=HELP)
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """The root of every command: only the `--version` option."""
