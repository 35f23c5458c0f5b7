"""`lifemetrics lakehouse chess-job`: chess.com's months into the object store (serial requests), then
the Spark job that merges them into the lakehouse's raw games table."""

from __future__ import annotations

import typer
from rich.console import Console

from lifemetrics.cli.app import err_console
from lifemetrics.cli.ingest_views import summary_table
from lifemetrics.cli.lakehouse_commands import lakehouse_app
from lifemetrics.cli.progress import TickBars

console = Console()


@lakehouse_app.command("chess-job")
def chess_job(
    download: bool = typer.Option(
        True,
        "--download/--no-download",
        help="Store the tracked players' new or changed months first (one request at a time).",
    ),
) -> None:
    """Keep each tracked player's chess.com months, as the API returned them, in the object store
    (raw/chess_com/<player>/<YYYY>/<MM>.json), then parse them in parallel with Spark and merge the games
    into the Iceberg table raw_chess_com.games by (player, uuid). Exit 1 if a month failed."""
    from lifemetrics.lakehouse.chess_job import run_chess_job
    from lifemetrics.lakehouse.chess_months import store_chess_months
    from lifemetrics.settings import load_settings
    from lifemetrics.sources.chess_com.errors import months_failed

    settings = load_settings()
    stored = None
    if download:
        with TickBars(console) as bars:
            stored = store_chess_months(settings, bars.update)
        console.print(summary_table(stored))
    with err_console.status("chess job: parsing and merging with Spark"):
        report = run_chess_job(settings)
    console.print(report.summary(), highlight=False)
    if stored is not None and stored.failed:
        raise months_failed(stored)  # the months that did load are merged
