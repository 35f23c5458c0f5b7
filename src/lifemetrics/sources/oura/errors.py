"""Typed errors of the Oura source: each says what failed, where, and what the user can do."""

from __future__ import annotations

from lifemetrics.errors import LifemetricsError


class OuraError(LifemetricsError):
    """Something went wrong talking to the Oura API; `status` is the HTTP status when there was one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class OuraAuthError(OuraError):
    """No usable authorisation: no token at all, or the token has expired or was revoked."""


class OuraScopeError(OuraAuthError):
    """The token is valid but was not granted the scope an endpoint needs."""

    def __init__(self, message: str, scope: str, status: int | None = None) -> None:
        super().__init__(message, status)
        self.scope = scope


class OuraTokenStoreError(OuraError):
    """The stored tokens cannot be read or written safely (e.g. a file others can read)."""


class OuraLoginError(OuraError):
    """The OAuth2 login did not complete (denied, wrong state, failed code exchange, timeout)."""
