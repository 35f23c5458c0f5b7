"""HTTP client of the Oura API v2: bearer auth, bounded retries, `next_token` paging, typed errors.

A 401 is answered by one refresh and one retry. When it persists, the client tells an expired or revoked
token from a missing scope: by the RFC 6750 challenge (`WWW-Authenticate: Bearer error="insufficient_scope",
scope="..."`), by the scopes granted at login, else by asking `personal_info` (Oura lets any valid token
read it): if that answers, the token is fine and the endpoint's scope is what is missing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping

import requests

from lifemetrics.sources.http import RetryPolicy, get_with_retry
from lifemetrics.sources.oura.auth import Bearer
from lifemetrics.sources.oura.endpoints import ENDPOINTS_BY_NAME, Endpoint, scope_granted
from lifemetrics.sources.oura.errors import OuraAuthError, OuraError, OuraScopeError

MAX_PAGES = 10_000  # a guard against a server that hands out next_tokens forever


class OuraClient:
    """Talks to one Oura API base URL with one bearer; counts requests and bytes for the report."""

    def __init__(
        self,
        base_url: str,
        bearer: Bearer,
        session: requests.Session,
        policy: RetryPolicy,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: Callable[[str, int, float], None] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.bearer = bearer
        self.session = session
        self.policy = policy
        self.sleep = sleep
        self.on_retry = on_retry
        self.requests = 0
        self.bytes_received = 0

    def pages(self, endpoint: Endpoint, params: Mapping[str, str]) -> Iterator[list[dict]]:
        """The `data` of every page of `endpoint` for `params`, following `next_token` to the end.

        A paging loop (a `next_token` handed out before, or a page repeating the one before it) stops
        the endpoint with an OuraError at its first repeat, instead of spending the rate limit on it.
        """
        next_token: str | None = None
        tokens: set[str] = set()
        previous: list[dict] | None = None
        for _ in range(MAX_PAGES):
            page_params = {**params, "next_token": next_token} if next_token else dict(params)
            body = self.get(endpoint, page_params)
            page = list(body.get("data") or [])
            if next_token and page and page == previous:
                raise OuraError(
                    f"{endpoint.name}: paging loop for {_describe(params)}: the page after a "
                    "next_token repeats the page before it; stopping this endpoint"
                )
            yield page
            previous, next_token = page, body.get("next_token")
            if not next_token:
                return
            if next_token in tokens:
                raise OuraError(
                    f"{endpoint.name}: paging loop for {_describe(params)}: the API handed out "
                    "the same next_token twice; stopping this endpoint"
                )
            tokens.add(next_token)
        raise OuraError(
            f"{endpoint.name}: more than {MAX_PAGES} pages for {dict(params)}; giving up"
        )

    def get(self, endpoint: Endpoint, params: Mapping[str, str]) -> dict:
        """One GET of `endpoint` as a JSON object; OuraError subclasses for every failure."""
        response = self._authorised_get(endpoint, params)
        if response.status_code in (401, 403):
            raise self._auth_failure(endpoint, response)
        if response.status_code != 200:
            raise OuraError(
                f"{endpoint.name}: HTTP {response.status_code} for {_describe(params)}{_detail(response)}",
                status=response.status_code,
            )
        try:
            body = response.json()
        except ValueError:
            raise OuraError(
                f"{endpoint.name}: the answer for {_describe(params)} is not JSON"
            ) from None
        if not isinstance(body, dict):
            raise OuraError(
                f"{endpoint.name}: the answer for {_describe(params)} is not a JSON object"
            )
        return body

    def _authorised_get(self, endpoint: Endpoint, params: Mapping[str, str]) -> requests.Response:
        """GET with retries; on a 401, refresh the token once (when it can be) and try again."""
        response = self._send(endpoint, params)
        if response.status_code == 401 and self.bearer.refresh():
            response = self._send(endpoint, params)
        return response

    def _send(self, endpoint: Endpoint, params: Mapping[str, str]) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.bearer.token()}", "Accept": "application/json"}
        try:
            response = get_with_retry(
                self.session,
                self.base_url + endpoint.path,
                headers=headers,
                params=params,
                policy=self.policy,
                sleep=self.sleep,
                on_retry=self._count_retry,
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            self.requests += 1
            raise OuraError(
                f"{endpoint.name}: {self.base_url} unreachable ({type(exc).__name__})"
            ) from None
        self.requests += 1
        self.bytes_received += len(response.content)
        return response

    def _count_retry(self, reason: str, attempt: int, wait: float) -> None:
        self.requests += 1
        if self.on_retry is not None:
            self.on_retry(reason, attempt, wait)

    def _auth_failure(self, endpoint: Endpoint, response: requests.Response) -> OuraAuthError:
        """Say whether the token expired, is invalid, or lacks the endpoint's scope (and which)."""
        status = response.status_code
        challenge = bearer_challenge(response.headers.get("WWW-Authenticate"))
        granted = self.bearer.scopes
        if challenge.get("error") == "insufficient_scope" or (
            granted is not None and not scope_granted(endpoint.scope, granted)
        ):
            scope = challenge.get("scope") or endpoint.scope
            return OuraScopeError(
                f"{endpoint.name}: HTTP {status}: the token lacks the '{scope}' scope; "
                "run `lifemetrics oura login` again and grant it",
                scope,
                status=status,
            )
        if (
            challenge.get("error") != "invalid_token"
            and endpoint.name != "personal_info"
            and self._token_is_valid()
        ):
            return OuraScopeError(
                f"{endpoint.name}: HTTP {status} although the token is valid: it probably lacks the "
                f"'{endpoint.scope}' scope (or the Oura membership has expired); run `lifemetrics oura login` again",
                endpoint.scope,
                status=status,
            )
        if status == 403:
            return OuraAuthError(
                f"{endpoint.name}: HTTP 403: access forbidden (has the Oura membership expired?)",
                status=403,
            )
        what = (
            "has expired"
            if "expired" in challenge.get("error_description", "").lower()
            else "has expired or was revoked"
        )
        return OuraAuthError(
            f"{endpoint.name}: HTTP 401: the access token ({self.bearer.description}) {what}; "
            "run `lifemetrics oura login` again or set a new LIFEMETRICS_OURA_TOKEN",
            status=401,
        )

    def _token_is_valid(self) -> bool:
        """True when the token opens `personal_info` (a token without scopes may read its id)."""
        return self._send(ENDPOINTS_BY_NAME["personal_info"], {}).status_code == 200


def bearer_challenge(header: str | None) -> dict[str, str]:
    """The parameters of an RFC 6750 `WWW-Authenticate: Bearer error="...", scope="..."` challenge."""
    if not header or not header.lower().startswith("bearer"):
        return {}
    return {key.lower(): value for key, value in re.findall(r'(\w+)="([^"]*)"', header)}


def _describe(params: Mapping[str, str]) -> str:
    """The period asked for, for error messages (never the paging token)."""
    shown = {key: value for key, value in params.items() if key != "next_token"}
    return " ".join(f"{key}={value}" for key, value in shown.items()) or "the document"


def _detail(response: requests.Response) -> str:
    """A short reason from an error body (`detail` or `message`), if it gives one."""
    try:
        body = response.json()
    except ValueError:
        return ""
    detail = body.get("detail") or body.get("message") if isinstance(body, dict) else None
    if isinstance(detail, str) and detail:
        return f": {detail[:200]}"
    return ""
