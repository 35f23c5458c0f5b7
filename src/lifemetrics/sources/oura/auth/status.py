"""What `lifemetrics status` may say about the Oura authorisation: its kind and state, never the token."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from lifemetrics.settings import Settings
from lifemetrics.sources.oura.auth.tokens import token_store
from lifemetrics.sources.oura.errors import OuraTokenStoreError


@dataclass(frozen=True)
class TokenStatus:
    """`state` is one of: none, present, expired, unreadable; `detail` says which token and until when."""

    state: str
    detail: str


def token_status(settings: Settings) -> TokenStatus:
    """The state of the token a run would use (LIFEMETRICS_OURA_TOKEN first, then the stored login)."""
    if settings.oura_token is not None and settings.oura_token.get_secret_value():
        return TokenStatus("present", "LIFEMETRICS_OURA_TOKEN (expiry unknown)")
    try:
        store = token_store(settings)
        pair = store.load()
    except OuraTokenStoreError as exc:
        return TokenStatus("unreadable", str(exc))
    if pair is None:
        return TokenStatus("none", "run `lifemetrics oura login` or set LIFEMETRICS_OURA_TOKEN")
    refreshable = "refreshable" if pair.refresh_token else "not refreshable"
    if pair.expires_at is None:
        return TokenStatus("present", f"{store.description}, expiry unknown, {refreshable}")
    until = datetime.fromtimestamp(pair.expires_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
    state = "expired" if pair.expires_at <= time.time() else "present"
    verb = "expired" if state == "expired" else "valid until"
    return TokenStatus(state, f"{store.description}: access token {verb} {until}, {refreshable}")
