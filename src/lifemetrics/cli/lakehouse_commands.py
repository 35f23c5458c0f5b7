"""`lifemetrics lakehouse up | down | status`: the local lakehouse's services (S3 store, catalog, Trino)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from lifemetrics.cli.app import err_console, sub_app

if TYPE_CHECKING:
    from lifemetrics.settings import Settings

console = Console()
lakehouse_app = sub_app(
    "lakehouse",
    "The local lakehouse (LIFEMETRICS_ENGINE=trino or spark): SeaweedFS, PostgreSQL, Trino on "
    "127.0.0.1 (Spark runs in lifemetrics' own process).",
)


def bring_up(settings: Settings) -> None:
    """Start the local lakehouse of `settings` (a spinner names each step), then say where it is."""
    from lifemetrics.lakehouse.connection import lakehouse_connection
    from lifemetrics.lakehouse.local import LocalLakehouse, services_for

    with err_console.status("lakehouse: starting") as status:
        LocalLakehouse.for_settings(settings).up(
            lambda step: status.update(f"lakehouse: {step}"), services_for(settings.engine)
        )
    connection = lakehouse_connection(settings)
    engine = (
        f"Spark {settings.spark_master} (in lifemetrics' process)"
        if settings.engine == "spark"
        else f"Trino {connection.trino_url}"
    )
    console.print(
        f"lakehouse up: {engine}, S3 {connection.s3_endpoint}, "
        f"catalog {connection.catalog}, warehouse {connection.warehouse}",
        highlight=False,
    )


@lakehouse_app.command()
def up() -> None:
    """Start the S3 store, the Iceberg catalog and, for engine trino, Trino (data under
    $LIFEMETRICS_HOME/lakehouse)."""
    from lifemetrics.settings import load_settings

    bring_up(load_settings())


@lakehouse_app.command()
def down() -> None:
    """Stop the local lakehouse's services (their data stays)."""
    from lifemetrics.lakehouse.local import LocalLakehouse
    from lifemetrics.settings import load_settings

    stopped = LocalLakehouse.for_settings(load_settings()).down()
    console.print(f"lakehouse down: stopped {', '.join(stopped) or 'nothing (none was running)'}")


@lakehouse_app.command()
def status(
    as_json: bool = typer.Option(False, "--json", help="Print the addresses as JSON."),
) -> None:
    """Where the lakehouse is (Trino, S3, catalog, warehouse) and which local services run."""
    from lifemetrics.lakehouse.connection import lakehouse_connection
    from lifemetrics.lakehouse.local import LocalLakehouse
    from lifemetrics.settings import load_settings

    settings = load_settings()
    running = LocalLakehouse.for_settings(settings).running()
    shown = {**lakehouse_connection(settings).public(), "running": running}
    if as_json:
        typer.echo(json.dumps(shown))
        return
    for name, value in shown.items():
        console.print(f"{name}: {value}", highlight=False)
