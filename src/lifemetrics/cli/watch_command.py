"""`lifemetrics watch`: poll Oura's heart rate until SIGTERM or Ctrl-C, alerting on the rules (lifemetrics.watch)."""

from __future__ import annotations

import signal
import sys
import threading
from datetime import datetime

import typer

from lifemetrics.cli.app import app
from lifemetrics.progress import Tick

WATCHED_SOURCES = ("awake", "rest", "sleep", "live")  # what a bare `--above BPM` applies to


def parse_ceilings(values: list[str]) -> dict[str, int]:
    """`--above` values: 'BPM' for every watched source, or 'SOURCE=BPM' for one."""
    ceilings: dict[str, int] = {}
    for value in values:
        source, _, bpm = value.rpartition("=")
        if not bpm.strip().isdigit():
            raise typer.BadParameter(f"{value!r} is not BPM or SOURCE=BPM", param_hint="--above")
        sources = [source.strip()] if source else list(WATCHED_SOURCES)
        ceilings.update({name: int(bpm) for name in sources})
    return ceilings


def print_tick(tick: Tick) -> None:
    """One line per event, with the local time: what the terminal, or the journal under systemd, shows."""
    print(f"{datetime.now().astimezone():%Y-%m-%d %H:%M:%S} {tick}", flush=True)


@app.command()
def watch(
    interval: float | None = typer.Option(
        None,
        "--interval",
        min=0.1,
        help="Seconds between polls (default: watch_interval_seconds, 300).",
    ),
    above: list[str] = typer.Option(
        [],
        "--above",
        help="A fixed ceiling: BPM for the awake, rest and sleep samples, or SOURCE=BPM; repeatable.",
    ),
    hold: int | None = typer.Option(
        None, "--hold", min=1, help="Consecutive high samples that make an episode (default 3)."
    ),
    webhook: str | None = typer.Option(
        None,
        "--webhook",
        help="POST each alert as JSON to this URL (e.g. https://ntfy.sh/<topic>).",
    ),
    include_workouts: bool = typer.Option(
        False, "--include-workouts", help="Hold workout and session samples to the rules too."
    ),
    no_desktop: bool = typer.Option(
        False,
        "--no-desktop",
        help="No desktop notification (notify-send), only the line and the webhook.",
    ),
) -> None:
    """Watch your heart rate: poll Oura every few minutes, store the samples, alert on high episodes."""
    from lifemetrics.settings import load_settings
    from lifemetrics.watch.poller import run_watch

    overrides: dict[str, object] = {}
    if interval is not None:
        overrides["watch_interval_seconds"] = interval
    if above:
        overrides["watch_above"] = parse_ceilings(above)
    if hold is not None:
        overrides["watch_hold_samples"] = hold
    if webhook is not None:
        overrides["watch_webhook_url"] = webhook
    if include_workouts:
        overrides["watch_include_workouts"] = True
    if no_desktop:
        overrides["watch_desktop"] = False
    settings = load_settings(**overrides)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    run_watch(settings, stop, print_tick)
    print_tick(Tick("watch", "stopped"))
    sys.stdout.flush()
