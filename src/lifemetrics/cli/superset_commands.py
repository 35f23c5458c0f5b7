"""`lifemetrics superset bundle | serve`: a Superset bundle of the published tables, and a local Superset."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from lifemetrics.cli.app import err_console, sub_app

if TYPE_CHECKING:
    from lifemetrics.superset import BundleSummary

console = Console()
superset_app = sub_app("superset", "Superset dashboards on the published tables.")


@superset_app.command()
def bundle(
    out: Path = typer.Option(..., "--out", help="The ZIP to write (replaced if it exists)."),
    engine: str = typer.Option(
        "duckdb", "--engine", help="Where Superset reads the published tables: duckdb or trino."
    ),
    trino_url: str = typer.Option(
        "http://127.0.0.1:8080", "--trino-url", help="Trino's address (with --engine trino)."
    ),
    trino_catalog: str = typer.Option(
        "lake", "--trino-catalog", help="The lakehouse's Iceberg catalog in Trino."
    ),
    trino_user: str = typer.Option("lifemetrics", "--trino-user", help="The user Superset sends."),
) -> None:
    """Write the Chess and Health dashboards, their charts, datasets and connection as a ZIP."""
    if engine not in ("duckdb", "trino"):
        raise typer.BadParameter("must be duckdb or trino", param_hint="--engine")
    summary = _write_bundle(out, engine, trino_url, trino_catalog, trino_user)
    console.print(
        f"Import it: superset import-dashboards -p {summary.path} -u admin", highlight=False
    )


@superset_app.command()
def serve(
    superset_bin: Path = typer.Option(
        Path(".venv-superset/bin/superset"),
        "--superset",
        help="The `superset` command of Superset's own environment (`make superset-env`).",
    ),
    port: int = typer.Option(
        0, "--port", min=0, max=65535, help="Port on 127.0.0.1 (0: any free)."
    ),
) -> None:
    """A local Superset with the bundle imported: metadata under $LIFEMETRICS_HOME/superset."""
    from lifemetrics.settings import load_settings
    from lifemetrics.superset.local import ADMIN, LocalSuperset

    settings = load_settings()
    local = LocalSuperset(settings.home / "superset", superset_bin.absolute())
    summary = _write_bundle(local.home / "bundle.zip", "duckdb", "", "", "")
    with err_console.status("Superset: setting up") as status:
        local.prepare(lambda step: status.update(f"Superset: {step} (first run only)"))
        status.update("Superset: importing the bundle")
        local.import_bundle(summary.path)
    err_console.print("Superset: starting the web server (about a minute)")
    with local.serve(port) as url:
        console.print(
            f"Superset: [bold]{url}[/] (user {ADMIN}, password in {local.password_file}); "
            "dashboards Chess and Health. Ctrl-C to stop.",
            highlight=False,
            soft_wrap=True,
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            console.print("Stopped.")


def _write_bundle(
    out: Path, engine: str, trino_url: str, trino_catalog: str, trino_user: str
) -> BundleSummary:
    """Read the published schema, write the bundle, print what it holds."""
    from lifemetrics.settings import load_settings
    from lifemetrics.superset import (
        default_player,
        duckdb_database,
        read_published_schema,
        trino_database,
        write_bundle,
    )

    settings = load_settings()
    schema = read_published_schema(settings.analytics_path)
    database = (
        duckdb_database(settings.analytics_path)
        if engine == "duckdb"
        else trino_database(trino_url, trino_catalog, trino_user)
    )
    player = default_player(settings.analytics_path, settings.chess_usernames)
    summary = write_bundle(schema, database, out, player)
    boards = ", ".join(f"{title}: {count} charts" for title, count in summary.charts.items())
    console.print(
        f"Superset bundle: [bold]{summary.path}[/] ({summary.database}; "
        f"{summary.datasets} datasets; {boards})",
        highlight=False,
        soft_wrap=True,
    )
    return summary
