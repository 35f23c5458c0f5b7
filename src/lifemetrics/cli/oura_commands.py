"""`lifemetrics oura login`: authorise lifemetrics to read your Oura data."""

from __future__ import annotations

import typer
from rich.console import Console

from lifemetrics.cli.app import sub_app

oura_app = sub_app("oura", "Oura ring: authorise lifemetrics to read your data.")
console = Console()


@oura_app.command("login")
def login_command(
    no_browser: bool = typer.Option(
        False, "--no-browser", help="Only print the URL; do not open a browser."
    ),
    port: int | None = typer.Option(
        None, "--port", help="Loopback port of the redirect (default: setting; 0: free)."
    ),
    timeout: float = typer.Option(
        300.0, "--timeout", help="Seconds to wait for the browser's redirect."
    ),
) -> None:
    """Authorise lifemetrics with your own Oura OAuth2 app; the tokens are stored for later runs."""
    from lifemetrics.settings import load_settings
    from lifemetrics.sources.oura.auth import login
    from lifemetrics.sources.oura.auth.tokens import token_store

    settings = load_settings()
    pair = login(
        settings,
        show_url=_show_authorize_url,
        port=port,
        open_browser=not no_browser,
        timeout_seconds=timeout,
    )
    console.print(
        f"Logged in to Oura (scopes: {pair.scope or 'not stated'}); "
        f"tokens saved in the {token_store(settings).description}.",
        highlight=False,
        soft_wrap=True,
    )


def _show_authorize_url(url: str) -> None:
    console.print("Open this URL in a browser and allow lifemetrics to read your Oura data:")
    console.print(url, highlight=False, soft_wrap=True)
