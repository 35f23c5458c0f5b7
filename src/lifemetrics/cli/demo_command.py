"""`lifemetrics demo`: the whole pipeline on synthetic data served by local stand-ins of both APIs."""

from __future__ import annotations

import shlex
import shutil
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from lifemetrics.cli.app import app, err_console
from lifemetrics.cli.lakehouse_commands import bring_up
from lifemetrics.cli.run_command import RunFailed, run_with_progress

if TYPE_CHECKING:
    from lifemetrics.settings import Settings


@app.command()
def demo(
    home: Path | None = typer.Option(
        None,
        help="Where the demo's warehouse and dashboard go.",
        show_default="$LIFEMETRICS_HOME/demo",
    ),
    games: int = typer.Option(1500, min=10, help="How many chess games the demo player has."),
    days: int = typer.Option(400, min=14, help="How many days of Oura data the demo ring has."),
    seed: int = typer.Option(7, help="Seed of the synthetic data (same seed, same data)."),
) -> None:
    """Run ingest, build, audit, publish and dashboard on a fictional player and ring; no network, no accounts."""
    from lifemetrics.home import private_home
    from lifemetrics.settings import load_settings
    from lifemetrics.standins.demo import DEMO_PLAYER, demo_standins
    from lifemetrics.standins.demo_marker import DEMO_DIR, DemoData, write_demo_marker
    from lifemetrics.warehouse.headlines import headline_lines

    base = load_settings()
    demo_home = private_home(home or base.home / DEMO_DIR)
    write_demo_marker(demo_home, DemoData(DEMO_PLAYER, games, days, seed))
    console = Console()
    console.print(
        f"Demo data: {games} synthetic chess games, {days} synthetic days of Oura data, in {demo_home}"
    )
    with ExitStack() as serving:
        with err_console.status(
            "generating the synthetic games and days (about 30 s for the defaults)"
        ):
            overrides = serving.enter_context(
                demo_standins(games=games, days=days, seed=seed, timezone=base.timezone)
            )
        settings = load_settings(home=demo_home, **overrides)
        if uses_local_lakehouse(settings):
            bring_up(settings)
        summary = run_with_progress(settings)
    for line in headline_lines(settings.analytics_path, settings.chess_usernames[0]):
        console.print(line)
    if not summary.ok:
        raise RunFailed(f"demo failed at: {'; '.join(summary.failed_steps)}")
    console.print(
        f"Published tables: {settings.analytics_path} (open it read-only from any SQL tool)"
    )
    command = f"LIFEMETRICS_HOME={shlex.quote(str(demo_home))} {shlex.quote(this_command())}"
    console.print(
        f"The dashboard above opens from disk in any browser; to serve it instead: {command} dashboard --serve",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"What the demo loaded: {command} status", highlight=False, soft_wrap=True)
    if uses_local_lakehouse(settings):
        console.print(
            f"The demo's lakehouse keeps running; stop it with: {command} lakehouse down",
            highlight=False,
            soft_wrap=True,
        )


def uses_local_lakehouse(settings: Settings) -> bool:
    """Whether the demo runs on the lakehouse without one of its own (no Trino, or for Spark no catalog,
    set): it then starts its own local lakehouse (under the demo's home, so the demo never writes into
    the lakehouse of the user's own data)."""
    if settings.engine == "trino":
        return settings.trino_url is None
    return settings.engine == "spark" and settings.lakehouse_catalog_uri is None


def this_command() -> str:
    """How to type this lifemetrics again: `lifemetrics` when that is on PATH, else its full path."""
    running = Path(sys.argv[0]).absolute()
    on_path = shutil.which("lifemetrics")
    return (
        "lifemetrics" if on_path and Path(on_path).resolve() == running.resolve() else str(running)
    )
