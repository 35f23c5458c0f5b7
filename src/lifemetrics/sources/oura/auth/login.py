"""`lifemetrics oura login`: the authorization-code flow through the user's browser and a loopback redirect."""

from __future__ import annotations

import secrets
import webbrowser
from collections.abc import Callable

import requests

from lifemetrics.settings import Settings
from lifemetrics.sources.oura.auth.loopback import LoopbackListener
from lifemetrics.sources.oura.auth.oauth import OAuthApp, authorization_url, exchange_code
from lifemetrics.sources.oura.auth.tokens import TokenPair, token_store
from lifemetrics.sources.oura.endpoints import LOGIN_SCOPES
from lifemetrics.sources.oura.errors import OuraLoginError


def login(
    settings: Settings,
    show_url: Callable[[str], None],
    *,
    port: int | None = None,
    open_browser: bool = True,
    timeout_seconds: float = 300.0,
) -> TokenPair:
    """Run the OAuth2 login and store the tokens; `show_url` gets the authorize URL to print (or to follow).

    The redirect goes to http://127.0.0.1:<port>/callback (`port` defaults to LIFEMETRICS_OURA_REDIRECT_PORT;
    0 picks a free one); `state` is checked; the scopes are every scope the loaded endpoints need.
    """
    app = OAuthApp.from_settings(settings)
    state = secrets.token_urlsafe(24)
    with LoopbackListener(settings.oura_redirect_port if port is None else port) as listener:
        url = authorization_url(app, listener.redirect_uri, LOGIN_SCOPES, state)
        show_url(url)
        if open_browser:
            _open_browser(url)
        redirect = listener.wait(timeout_seconds)
        redirect_uri = listener.redirect_uri
    code = _checked_code(redirect, state)
    with requests.Session() as session:
        pair = exchange_code(session, app, code, redirect_uri)
    token_store(settings).save(pair)
    return pair


def _open_browser(url: str) -> None:
    """Best effort: a headless machine has no browser, and the URL was printed anyway."""
    try:
        webbrowser.open(url)
    except webbrowser.Error:
        pass


def _checked_code(redirect: dict[str, str], state: str) -> str:
    """The authorization code, after checking the redirect is the answer to our request."""
    if "error" in redirect:
        reason = redirect.get("error_description") or redirect["error"]
        raise OuraLoginError(f"Oura did not authorise lifemetrics: {reason}")
    if not secrets.compare_digest(redirect.get("state", ""), state):
        raise OuraLoginError(
            "the Oura redirect carried a wrong `state`: login aborted (possible forged redirect)"
        )
    code = redirect.get("code")
    if not code:
        raise OuraLoginError("the Oura redirect carried no authorization code")
    return code
