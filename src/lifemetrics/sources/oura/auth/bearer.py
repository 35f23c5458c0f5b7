"""The bearer token a run sends: LIFEMETRICS_OURA_TOKEN as given, or the stored OAuth2 pair, kept fresh.

A refreshed pair is saved (atomically) before it is used: Oura's refresh tokens are single-use, so the
new pair must be on disk before anything can fail with it in memory only.
"""

from __future__ import annotations

from typing import Protocol

import requests

from lifemetrics.settings import Settings
from lifemetrics.sources.oura.auth.oauth import OAuthApp, refresh_pair
from lifemetrics.sources.oura.auth.tokens import TokenPair, TokenStore, token_store
from lifemetrics.sources.oura.errors import OuraAuthError


class Bearer(Protocol):
    """What the API client needs from the authorisation."""

    description: str

    def token(self) -> str:
        """The access token to send now."""

    def refresh(self) -> bool:
        """Get a new access token; False when this kind of token cannot be refreshed."""

    @property
    def scopes(self) -> frozenset[str] | None:
        """The scopes granted, when known."""


class StaticBearer:
    """A personal access token (or an access token obtained elsewhere): sent as is, never refreshed."""

    description = "LIFEMETRICS_OURA_TOKEN"
    scopes: frozenset[str] | None = None

    def __init__(self, token: str) -> None:
        self._token = token

    def __repr__(self) -> str:
        return "StaticBearer(<hidden>)"

    def token(self) -> str:
        """The token as configured."""
        return self._token

    def refresh(self) -> bool:
        """Cannot refresh a static token."""
        return False


class OAuthBearer:
    """The stored OAuth2 pair: refreshed shortly before it expires, or when the API says 401."""

    def __init__(
        self, store: TokenStore, pair: TokenPair, app: OAuthApp | None, session: requests.Session
    ) -> None:
        self.description = f"the Oura login in the {store.description}"
        self._store = store
        self._pair = pair
        self._app = app
        self._session = session
        self._refused: OuraAuthError | None = None  # a refused refresh is not asked again this run

    def __repr__(self) -> str:
        return f"OAuthBearer({self.description})"

    @property
    def scopes(self) -> frozenset[str] | None:
        """The scopes granted at login."""
        return self._pair.scopes

    def token(self) -> str:
        """A current access token, refreshing first when it expires within a few minutes."""
        if self._pair.expires_soon() and self._app is not None:
            self.refresh()
        return self._pair.access_token

    def refresh(self) -> bool:
        """Rotate the pair: receive, save atomically, and only then use the new one.

        A refusal (wrong client secret, spent refresh token) is raised again for every later endpoint
        of the run without asking the token endpoint again: it would only refuse again."""
        if self._app is None:
            raise OuraAuthError(
                "the Oura access token needs refreshing but LIFEMETRICS_OURA_CLIENT_ID/SECRET are not set"
            )
        if self._refused is not None:
            raise self._refused
        try:
            new_pair = refresh_pair(self._session, self._app, self._pair)
        except OuraAuthError as exc:
            self._refused = exc
            raise
        self._store.save(new_pair)
        self._pair = new_pair
        return True


def bearer_for(settings: Settings, session: requests.Session) -> Bearer:
    """LIFEMETRICS_OURA_TOKEN when set, else the stored login; OuraAuthError when there is neither."""
    if settings.oura_token is not None and settings.oura_token.get_secret_value():
        return StaticBearer(settings.oura_token.get_secret_value())
    store = token_store(settings)
    pair = store.load()
    if pair is None:
        raise OuraAuthError(
            "no Oura authorisation: run `lifemetrics oura login` (OAuth2 app) or set LIFEMETRICS_OURA_TOKEN"
        )
    app = (
        OAuthApp.from_settings(settings)
        if settings.oura_client_id and settings.oura_client_secret
        else None
    )
    return OAuthBearer(store, pair, app, session)
