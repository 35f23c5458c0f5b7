"""`lifemetrics demo`: the whole pipeline on synthetic data served by local stand-ins of both APIs."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from lifemetrics.cli.app import app
from lifemetrics.cli.run_command import RunFailed, run_with_progress
from lifemetrics.settings import load_settings
from lifemetrics.warehouse.headlines import headline_lines


@app.command()
def demo(
    home: Path | None = typer.Option(None, help="Where the demo's warehouse and dashboard go [default: <LIFEMETRICS_HOME>/demo]."),
    games: int = typer.Option(1500, min=10, help="How many chess games the demo player has."),
    days: int = typer.Option(400, min=14, help="How many days of Oura data the demo ring has."),
    seed: int = typer.Option(7, help="Seed of the synthetic data (same seed, same data)."),
) -> None:
    """Run ingest, build, audit, publish and dashboard on a fictional player and ring; no network, no accounts."""
    from lifemetrics.standins.demo import demo_standins

    base = load_settings()
    demo_home = home or base.home / "demo"
    console = Console()
    console.print(f"Demo data: {games} synthetic chess games, {days} synthetic days of Oura data, in {demo_home}")
    with demo_standins(games=games, days=days, seed=seed, timezone=base.timezone) as overrides:
        settings = load_settings(home=demo_home, **overrides)
        summary = run_with_progress(settings)
    for line in headline_lines(settings.analytics_path, settings.chess_usernames[0]):
        console.print(line)
    if not summary.ok:
        raise RunFailed(f"demo failed at: {'; '.join(summary.failed_steps)}")
    console.print(f"Published tables: {settings.analytics_path} (open it read-only from any SQL tool)")
    console.print(
        "The dashboard above opens from disk in any browser; to serve it instead: "
        f"LIFEMETRICS_HOME={demo_home} lifemetrics dashboard --serve",
        highlight=False, soft_wrap=True,
    )
