"""The stand-in's OAuth2 server: authorization codes, bearer access tokens, single-use rotating refresh tokens.

`GET /oauth/authorize` answers at once (no human) with a 302 to `redirect_uri` carrying `code` and the
same `state`, or `error=access_denied` when `deny_authorization` is set. `POST /oauth/token` takes a form
body (client credentials in the form or as HTTP Basic) for `authorization_code` and `refresh_token`
grants and answers `{access_token, refresh_token, expires_in, token_type: "bearer", scope}`. A refresh
token works once: using it again answers 400 `invalid_grant` (unless within `refresh_reuse_grace_seconds`).
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from dataclasses import dataclass
from urllib.parse import unquote_plus, urlencode

from lifemetrics.standins.oura.reply import api_error, json_reply
from lifemetrics.standins.server import Reply

ALL_SCOPES = (
    "email",
    "personal",
    "daily",
    "heartrate",
    "workout",
    "tag",
    "session",
    "spo2",
    "spo2Daily",
    "stress",
)
TOKEN_PREFIX = "fake-standin-"


@dataclass
class AccessGrant:
    """What an access token allows, and until when (None: never expires, like a personal access token)."""

    scopes: frozenset[str]
    expires_at: float | None


@dataclass
class RefreshGrant:
    """A refresh token: its scopes and when it was used (None: still unused)."""

    scopes: frozenset[str]
    used_at: float | None = None


@dataclass
class AuthorizationCode:
    """A code handed out by /oauth/authorize, exchangeable once."""

    redirect_uri: str
    scopes: frozenset[str]
    used: bool = False


def oauth_error(status: int, error: str, description: str) -> Reply:
    """An RFC 6749 error answer from the token endpoint."""
    return json_reply(
        status, {"error": error, "error_description": description}, {"Cache-Control": "no-store"}
    )


class OAuthServer:
    """Issues and checks tokens for one registered client."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        access_token_lifetime: int,
        refresh_reuse_grace_seconds: float = 0.0,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.access_token_lifetime = access_token_lifetime
        self.refresh_reuse_grace_seconds = refresh_reuse_grace_seconds
        self.deny_authorization = False
        self.access: dict[str, AccessGrant] = {}
        self.refresh: dict[str, RefreshGrant] = {}
        self.codes: dict[str, AuthorizationCode] = {}

    def issue(self, scopes: frozenset[str], lifetime: int | None = -1) -> dict:
        """A new access/refresh pair as the token endpoint returns it (lifetime -1: the server default)."""
        lifetime = self.access_token_lifetime if lifetime == -1 else lifetime
        access = TOKEN_PREFIX + "access-" + secrets.token_urlsafe(18)
        refresh = TOKEN_PREFIX + "refresh-" + secrets.token_urlsafe(18)
        self.access[access] = AccessGrant(
            scopes, None if lifetime is None else time.time() + lifetime
        )
        self.refresh[refresh] = RefreshGrant(scopes)
        return {
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": lifetime if lifetime is not None else 0,
            "token_type": "bearer",
            "scope": " ".join(sorted(scopes)),
        }

    def expire_access_tokens(self) -> None:
        """Every access token issued so far now answers 401 (expired)."""
        for grant in self.access.values():
            grant.expires_at = time.time() - 1

    def authorize(self, query: dict[str, str]) -> Reply:
        """GET /oauth/authorize: redirect at once with a code (or access_denied), echoing `state`."""
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id:
            return api_error(400, "unknown client_id")
        if not redirect_uri.startswith(("http://", "https://")):
            return api_error(400, "redirect_uri is missing or not an http(s) URL")
        outcome: dict[str, str]
        scopes = frozenset(query.get("scope", " ".join(ALL_SCOPES)).replace("+", " ").split())
        if query.get("response_type") != "code":
            outcome = {"error": "unsupported_response_type"}
        elif self.deny_authorization:
            outcome = {"error": "access_denied", "error_description": "The user denied access"}
        elif not scopes <= frozenset(ALL_SCOPES):
            outcome = {
                "error": "invalid_scope",
                "error_description": f"unknown scopes: {' '.join(sorted(scopes - frozenset(ALL_SCOPES)))}",
            }
        else:
            code = TOKEN_PREFIX + "code-" + secrets.token_urlsafe(12)
            self.codes[code] = AuthorizationCode(redirect_uri, scopes)
            outcome = {"code": code}
        if "state" in query:
            outcome["state"] = query["state"]
        separator = "&" if "?" in redirect_uri else "?"
        return Reply(302, b"", {"Location": redirect_uri + separator + urlencode(outcome)})

    def token(self, form: dict[str, str], authorization: str | None) -> Reply:
        """POST /oauth/token: exchange a code or a refresh token for a new pair."""
        client_id, client_secret = basic_credentials(authorization) or (
            form.get("client_id"),
            form.get("client_secret"),
        )
        if client_id != self.client_id or client_secret != self.client_secret:
            return oauth_error(401, "invalid_client", "unknown client or wrong client secret")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange_code(form)
        if grant_type == "refresh_token":
            return self._rotate_refresh(form.get("refresh_token", ""))
        return oauth_error(
            400, "unsupported_grant_type", f"grant_type {grant_type!r} is not supported"
        )

    def _exchange_code(self, form: dict[str, str]) -> Reply:
        """authorization_code grant: the code once, with the redirect_uri it was issued for."""
        code = self.codes.get(form.get("code", ""))
        if code is None or code.used:
            return oauth_error(
                400, "invalid_grant", "authorization code is unknown or already used"
            )
        if form.get("redirect_uri", code.redirect_uri) != code.redirect_uri:
            return oauth_error(
                400, "invalid_grant", "redirect_uri does not match the authorization request"
            )
        code.used = True
        return json_reply(200, self.issue(code.scopes), {"Cache-Control": "no-store"})

    def _rotate_refresh(self, token: str) -> Reply:
        """refresh_token grant: single use; the answer carries a new refresh token."""
        grant = self.refresh.get(token)
        now = time.time()
        if grant is None:
            return oauth_error(400, "invalid_grant", "refresh token is unknown")
        if grant.used_at is not None and now - grant.used_at > self.refresh_reuse_grace_seconds:
            return oauth_error(400, "invalid_grant", "refresh token was already used")
        grant.used_at = grant.used_at or now
        return json_reply(200, self.issue(grant.scopes), {"Cache-Control": "no-store"})

    def check_bearer(
        self, authorization: str | None, scope: str | None, endpoint: str
    ) -> Reply | None:
        """None when the bearer token may read `endpoint`; else a 401 saying expired, invalid or which scope is missing."""
        if not authorization or not authorization.lower().startswith("bearer "):
            return api_error(
                401,
                "Missing bearer token: send 'Authorization: Bearer <access token>'",
                {"WWW-Authenticate": 'Bearer realm="oura"'},
            )
        grant = self.access.get(authorization[7:].strip())
        if grant is None:
            return api_error(
                401,
                "Invalid access token",
                {
                    "WWW-Authenticate": 'Bearer error="invalid_token", error_description="invalid access token"'
                },
            )
        if grant.expires_at is not None and time.time() >= grant.expires_at:
            return api_error(
                401,
                "Access token expired",
                {
                    "WWW-Authenticate": 'Bearer error="invalid_token", error_description="access token expired"'
                },
            )
        if scope is not None and not scope_granted(scope, grant.scopes):
            return api_error(
                401,
                f"Missing required scope '{scope}' for {endpoint}",
                {"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'},
            )
        return None

    def scopes_of(self, authorization: str | None) -> frozenset[str]:
        """The scopes of the bearer token in `authorization` (empty when unknown)."""
        grant = self.access.get((authorization or "")[7:].strip())
        return grant.scopes if grant else frozenset()


def scope_granted(scope: str, granted: frozenset[str]) -> bool:
    """Whether `scope` is granted; 'spo2' and the spec's 'spo2Daily' are the same permission."""
    if scope in ("spo2", "spo2Daily"):
        return bool(granted & {"spo2", "spo2Daily"})
    return scope in granted


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """(client_id, client_secret) from an HTTP Basic header (form-encoded, RFC 6749 2.3.1), None when absent."""
    if not authorization or not authorization.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, _, client_secret = decoded.partition(":")
    return unquote_plus(client_id), unquote_plus(client_secret)
