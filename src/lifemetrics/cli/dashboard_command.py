"""`lifemetrics dashboard`: build the static site from analytics.duckdb, optionally serve it."""

from __future__ import annotations

import typer
from rich.console import Console

from lifemetrics.cli.app import app
from lifemetrics.orchestration.lock import run_lock

console = Console()


@app.command()
def dashboard(
    serve: bool = typer.Option(False, "--serve", help="Serve the site on 127.0.0.1 until Ctrl-C."),
    port: int = typer.Option(
        8000, "--port", min=0, max=65535, help="Port for --serve (0: any free port)."
    ),
) -> None:
    """Build the dashboard site from analytics.duckdb and print where it is."""
    # plotly is imported when used, not when the CLI starts, so --help stays fast
    from lifemetrics.dashboards import build_site
    from lifemetrics.dashboards.serve import make_server, site_url
    from lifemetrics.settings import load_settings

    settings = load_settings()
    with run_lock(settings):
        index = build_site(settings)
    console.print(
        f"Dashboard: [bold]{index}[/] ({index.as_uri()})", highlight=False, soft_wrap=True
    )
    if serve:
        with make_server(index.parent, port) as server:
            console.print(f"Serving on {site_url(server)} — Ctrl-C to stop", highlight=False)
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                console.print("Stopped.")
