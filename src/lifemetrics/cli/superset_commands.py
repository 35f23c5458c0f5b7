"""`lifemetrics superset bundle`: an importable Superset bundle of the published tables."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from lifemetrics.cli.main import app
from lifemetrics.settings import load_settings

console = Console()
superset_app = typer.Typer(help="Superset dashboards on the published tables.", no_args_is_help=True)
app.add_typer(superset_app, name="superset")


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
    from lifemetrics.superset import (
        ENGINES,
        duckdb_database,
        read_published_schema,
        trino_database,
        write_bundle,
    )

    if engine not in ENGINES:
        raise typer.BadParameter(f"must be one of {', '.join(ENGINES)}", param_hint="--engine")
    settings = load_settings()
    schema = read_published_schema(settings.analytics_path)
    database = (
        duckdb_database(settings.analytics_path)
        if engine == "duckdb"
        else trino_database(trino_url, trino_catalog, trino_user)
    )
    summary = write_bundle(schema, database, out)
    boards = ", ".join(f"{title}: {count} charts" for title, count in summary.charts.items())
    console.print(
        f"Superset bundle: [bold]{summary.path}[/] ({summary.database}; "
        f"{summary.datasets} datasets; {boards})",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"Import it: superset import-dashboards -p {summary.path} -u admin", highlight=False)
