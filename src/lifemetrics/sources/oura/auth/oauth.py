"""Oura's OAuth2 authorization-code grant: the app's credentials, the authorize URL, code exchange and refresh.

Token responses are never logged or echoed: errors carry only the status and OAuth2 `error` code.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import requests

from lifemetrics.errors import ConfigError
from lifemetrics.settings import Settings
from lifemetrics.sources.oura.auth.tokens import TokenPair
from lifemetrics.sources.oura.errors import OuraAuthError, OuraError


@dataclass(frozen=True)
class OAuthApp:
    """The user's own Oura OAuth application and the endpoints it talks to."""

    client_id: str
    client_secret: str = field(repr=False)
    authorize_url: str
    token_url: str
    timeout_seconds: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> OAuthApp:
        """The app from settings; a ConfigError naming what is missing."""
        if not settings.oura_client_id or settings.oura_client_secret is None:
            raise ConfigError(
                "LIFEMETRICS_OURA_CLIENT_ID and LIFEMETRICS_OURA_CLIENT_SECRET are needed for the Oura OAuth2 login "
                "(create an app in the Oura developer portal; see the README's Oura section)"
            )
        return cls(
            client_id=settings.oura_client_id,
            client_secret=settings.oura_client_secret.get_secret_value(),
            authorize_url=settings.oura_authorize_url,
            token_url=settings.oura_token_url,
            timeout_seconds=settings.http_timeout_seconds,
        )


def authorization_url(app: OAuthApp, redirect_uri: str, scopes: tuple[str, ...], state: str) -> str:
    """The URL the user opens to grant `scopes`; Oura redirects back to `redirect_uri` with `code` and `state`."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(scopes),
            "state": state,
        }
    )
    return f"{app.authorize_url}?{query}"


def exchange_code(
    session: requests.Session, app: OAuthApp, code: str, redirect_uri: str
) -> TokenPair:
    """Trade the authorization code for the first token pair."""
    body = _post_token(
        session,
        app,
        {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri},
    )
    return TokenPair.from_token_response(body, now=time.time())


def refresh_pair(session: requests.Session, app: OAuthApp, pair: TokenPair) -> TokenPair:
    """A new pair from the refresh token (which Oura rotates: the old one is then spent)."""
    if not pair.refresh_token:
        raise OuraAuthError(
            "the stored Oura login has no refresh token; run `lifemetrics oura login` again"
        )
    body = _post_token(
        session, app, {"grant_type": "refresh_token", "refresh_token": pair.refresh_token}
    )
    return TokenPair.from_token_response(body, now=time.time(), previous=pair)


def _post_token(
    session: requests.Session, app: OAuthApp, grant: dict[str, str]
) -> dict[str, object]:
    """POST one grant to the token endpoint (never retried: codes and refresh tokens are single-use)."""
    data = {**grant, "client_id": app.client_id, "client_secret": app.client_secret}
    what = grant["grant_type"].replace("_", " ")
    try:
        response = session.post(
            app.token_url,
            data=data,
            timeout=app.timeout_seconds,
            headers={"Accept": "application/json"},
        )
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise OuraError(
            f"Oura token endpoint {app.token_url} unreachable ({what}): {type(exc).__name__}"
        ) from None
    if response.status_code != 200:
        code = _oauth_error_code(response)
        raise OuraAuthError(
            f"Oura token endpoint refused the {what}: HTTP {response.status_code} {code}"
            f"{_refusal_hint(code, grant['grant_type'])}",
            status=response.status_code,
        )
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or not body.get("access_token"):
        raise OuraAuthError(f"Oura token endpoint answered the {what} without an access token")
    return body


def _refusal_hint(code: str, grant_type: str) -> str:
    """What to do about a refused grant: fix the app's credentials, or log in again."""
    if code == "invalid_client":
        return (
            "; the app's credentials are wrong: check LIFEMETRICS_OURA_CLIENT_ID and "
            "LIFEMETRICS_OURA_CLIENT_SECRET against the Oura developer portal (the stored login is kept)"
        )
    return "; run `lifemetrics oura login` again" if grant_type == "refresh_token" else ""


def _oauth_error_code(response: requests.Response) -> str:
    """The OAuth2 `error` code of a refusal (e.g. invalid_grant), nothing else from the body."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return ""
    return str(error) if isinstance(error, str) and error.replace("_", "").isalnum() else ""
