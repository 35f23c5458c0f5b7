"""`lifemetrics standins`: keep the demo's API stand-ins running and print the environment that points at them.

For trying `lifemetrics run`, cron or the Airflow DAGs against the demo data without accounts or network.
"""

from __future__ import annotations

import shlex
import threading

import typer
from rich.console import Console

from lifemetrics.cli.app import app, err_console


def export_lines(overrides: dict[str, object]) -> list[str]:
    """`export LIFEMETRICS_<NAME>=<value>` lines for settings overrides (lists comma-joined)."""
    lines = []
    for name, value in overrides.items():
        text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        lines.append(f"export LIFEMETRICS_{name.upper()}={shlex.quote(text)}")
    return lines


@app.command()
def standins(
    games: int = typer.Option(1500, min=10, help="How many chess games the demo player has."),
    days: int = typer.Option(400, min=14, help="How many days of Oura data the demo ring has."),
    seed: int = typer.Option(7, help="Seed of the synthetic data (same seed, same data)."),
) -> None:
    """Serve the demo's chess.com and Oura stand-ins on 127.0.0.1 until Ctrl-C; print the env vars to export."""
    from lifemetrics.settings import load_settings
    from lifemetrics.standins.demo import demo_standins

    with demo_standins(
        games=games, days=days, seed=seed, timezone=load_settings().timezone
    ) as overrides:
        Console().print("\n".join(export_lines(overrides)), highlight=False, soft_wrap=True)
        err_console.print(
            "# stand-ins are serving; export the lines above in another shell. Ctrl-C stops them.",
            soft_wrap=True,
        )
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
