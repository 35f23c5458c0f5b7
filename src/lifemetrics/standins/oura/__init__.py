"""A local stand-in of the Oura API v2 and its OAuth2 endpoints on 127.0.0.1, serving a synthetic person.

    person = generate_person((date(2024, 1, 1), date(2024, 6, 30)), seed=0)
    with OuraStandin(person, page_size=100, heartrate_page_size=1000, client_id="fake-client-id",
                     client_secret="fake-client-secret", access_token_lifetime=86400,
                     require_auth=True, refresh_reuse_grace_seconds=0.0) as api:
        api.url                          # 'http://127.0.0.1:PORT'; API under /v2/usercollection/<endpoint>,
                                         # OAuth2 under /oauth/authorize and /oauth/token
        api.authorize_url, api.token_url # the two OAuth2 URLs, for settings
        api.issue_token(scopes=ALL_SCOPES, lifetime=-1) -> str     # a valid bearer access token
        api.issue_token_pair(scopes=..., lifetime=-1) -> dict      # the token endpoint's JSON (with refresh)
        api.expire_access_tokens()       # every access token issued so far answers 401 "Access token expired"
        api.deny_authorization = True    # /oauth/authorize redirects with error=access_denied
        api.revise("daily_sleep", day, score=55, contributors={"total_sleep": 40})  # next read shows it
        api.add_days(3)                  # three new days after the last one (new data arrives)
        api.add_nap(day)                 # a late-arriving nap period
        api.plant_heartrate(start, [130, 150, 140])  # samples every 5 minutes from `start`, in place
        api.fail_next("heartrate", status=429, retry_after=1, times=1)  # or 500/503...; endpoint "token",
                                         # "authorize" or None (any request)
        api.requests                     # [RecordedRequest(method, path, query)], secrets never logged
        api.server.inject(path, Fault(delay_seconds=2))  # transport faults of the shared StandInServer

With `clock=ControlledClock(start)` (lifemetrics.standins.oura.heartrate_feed), heart rate holds no sample
after the clock's now: `clock.advance(timedelta(minutes=30))` and the next read has half an hour more.

Endpoints: daily_sleep, daily_readiness, daily_resilience, daily_activity, daily_stress, daily_spo2,
sleep, heartrate, personal_info (date rules and paging: see `lifemetrics.standins.oura.api`).

Scopes: daily (daily_sleep, daily_readiness, daily_activity, sleep), stress (daily_stress,
daily_resilience), spo2 or spo2Daily (daily_spo2), heartrate. personal_info answers any valid token
(as the spec says), with age/weight/height/biological_sex null without `personal`, email null
without `email`.

Errors use Oura's shape {"status", "title", "detail"}. A 401's detail says "Access token expired",
"Invalid access token", "Missing bearer token..." or "Missing required scope '<scope>' for <path>";
its WWW-Authenticate says error="invalid_token" or error="insufficient_scope", scope="<scope>".
Injected 429s carry Retry-After and the X-RateLimit-* headers the spec lists.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple
from urllib.parse import parse_qsl

from lifemetrics.standins.oura.api import ENDPOINT_SCOPES, UserCollection
from lifemetrics.standins.oura.heartrate_feed import Clock, HeartrateFeed
from lifemetrics.standins.oura.oauth import ALL_SCOPES, OAuthServer
from lifemetrics.standins.oura.reply import api_error
from lifemetrics.standins.server import Reply, Request, StandInServer
from lifemetrics.synthetic.health import SyntheticPerson

API_PREFIX = "/v2/usercollection/"


class RecordedRequest(NamedTuple):
    """One request the stand-in received, without its headers or body (they carry secrets)."""

    method: str
    path: str
    query: dict[str, str]


@dataclass
class InjectedFailure:
    """Answer the next `times` requests to `endpoint` (None: any) with `status`."""

    endpoint: str | None
    status: int
    retry_after: int | None
    times: int


class OuraStandin:
    """The Oura API v2 stand-in; use as a context manager (starts on enter, stops on exit)."""

    def __init__(
        self,
        person: SyntheticPerson,
        page_size: int = 100,
        heartrate_page_size: int = 1000,
        client_id: str = "fake-client-id",
        client_secret: str = "fake-client-secret",
        access_token_lifetime: int = 86400,
        require_auth: bool = True,
        refresh_reuse_grace_seconds: float = 0.0,
        clock: Clock | None = None,
    ) -> None:
        self.person = person
        self.require_auth = require_auth
        self.heartrate_feed = HeartrateFeed(person, clock)
        self.collection = UserCollection(
            person, page_size, heartrate_page_size, self.heartrate_feed
        )
        self.oauth = OAuthServer(
            client_id, client_secret, access_token_lifetime, refresh_reuse_grace_seconds
        )
        self.failures: list[InjectedFailure] = []
        self.lock = threading.RLock()
        self.server = StandInServer(self.handle)

    def __enter__(self) -> "OuraStandin":
        self.server.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.stop()

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:54321 (no trailing slash)."""
        return self.server.base_url

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far as (method, path, query dict); headers and bodies are left out."""
        return [
            RecordedRequest(r.method, r.path, dict(parse_qsl(r.query)))
            for r in self.server.requests
        ]

    @property
    def authorize_url(self) -> str:
        """The OAuth2 authorization endpoint."""
        return self.url + "/oauth/authorize"

    @property
    def token_url(self) -> str:
        """The OAuth2 token endpoint."""
        return self.url + "/oauth/token"

    @property
    def deny_authorization(self) -> bool:
        """When True, /oauth/authorize redirects with error=access_denied."""
        return self.oauth.deny_authorization

    @deny_authorization.setter
    def deny_authorization(self, value: bool) -> None:
        self.oauth.deny_authorization = value

    def issue_token(self, scopes: Iterable[str] = ALL_SCOPES, lifetime: int | None = -1) -> str:
        """A valid bearer access token (lifetime -1: the stand-in's default; None: never expires)."""
        return self.issue_token_pair(scopes, lifetime)["access_token"]

    def issue_token_pair(
        self, scopes: Iterable[str] = ALL_SCOPES, lifetime: int | None = -1
    ) -> dict:
        """A token response as /oauth/token gives it: access_token, refresh_token, expires_in, scope."""
        with self.lock:
            return self.oauth.issue(frozenset(scopes), lifetime)

    def expire_access_tokens(self) -> None:
        """Every access token issued so far now answers 401 (expired); refresh tokens keep working."""
        with self.lock:
            self.oauth.expire_access_tokens()

    def revise(self, endpoint: str, day: date, **changes: object) -> dict:
        """Change a past day's document; the next read returns the new values."""
        with self.lock:
            return self.person.revise(endpoint, day, **changes)

    def remove(self, endpoint: str, day: date) -> dict:
        """Delete a past day's document; the next read no longer returns it."""
        with self.lock:
            return self.person.remove(endpoint, day)

    def loop_paging(self, endpoint: str) -> None:
        """Page `endpoint` in a loop from now on: every page hands out the same next_token."""
        with self.lock:
            self.collection.looping.add(endpoint)

    def add_days(self, days: int = 1) -> None:
        """New days of data after the last one."""
        with self.lock:
            self.person.extend(days)

    def add_nap(self, day: date) -> dict:
        """A late-arriving nap period on `day`."""
        with self.lock:
            return self.person.add_nap(day)

    def plant_heartrate(
        self, start: datetime, bpms: list[int], source: str = "awake"
    ) -> list[dict]:
        """Heart-rate samples every 5 minutes from `start` with these values, in place of the generated ones."""
        with self.lock:
            return self.heartrate_feed.plant(start, bpms, source)

    def served_heartrate(self, start: datetime, end: datetime) -> list[dict]:
        """The heart-rate samples of [start, end] the stand-in serves now (what a client should end up with)."""
        with self.lock:
            return list(self.heartrate_feed.samples(start, end))

    def fail_next(
        self, endpoint: str | None, status: int = 429, retry_after: int | None = 1, times: int = 1
    ) -> None:
        """Answer the next `times` requests to `endpoint` ("heartrate", "token", ... or None: any) with `status`."""
        with self.lock:
            self.failures.append(InjectedFailure(endpoint, status, retry_after, times))

    def handle(self, request: Request) -> Reply:
        """Route one request to the OAuth server or the user collection."""
        query = dict(parse_qsl(request.query))
        authorization = request.headers.get("authorization")
        path = request.path
        with self.lock:
            endpoint = endpoint_name(path)
            failure = self._take_failure(endpoint)
            if failure is not None:
                return failure
            if path == "/oauth/authorize" and request.method == "GET":
                return self.oauth.authorize(query)
            if path == "/oauth/token" and request.method == "POST":
                return self.oauth.token(
                    dict(parse_qsl(request.body.decode("utf-8", "replace"))), authorization
                )
            if not path.startswith(API_PREFIX) or endpoint not in ENDPOINT_SCOPES:
                return api_error(404, f"no such endpoint: {path}")
            if request.method != "GET":
                return api_error(405, f"{request.method} is not allowed on {path}")
            scopes = None
            if self.require_auth:
                denied = self.oauth.check_bearer(authorization, ENDPOINT_SCOPES[endpoint], path)
                if denied is not None:
                    return denied
                scopes = self.oauth.scopes_of(authorization)
            return self.collection.get(endpoint, query, scopes)

    def _take_failure(self, endpoint: str) -> Reply | None:
        """The injected failure for this request, if one is pending."""
        for failure in self.failures:
            if failure.times > 0 and failure.endpoint in (None, endpoint):
                failure.times -= 1
                if failure.status == 429:
                    return rate_limited(failure.retry_after)
                return api_error(failure.status, "Injected failure")
        return None


def rate_limited(retry_after: int | None) -> Reply:
    """A 429 with Retry-After and the X-RateLimit-* headers of the spec's "Rate Limit Response Headers"."""
    headers = {
        "X-RateLimit-Limit": "5000",
        "X-RateLimit-Window": "300",
        "X-RateLimit-Reset": str(int(time.time()) + (retry_after or 0)),
        "X-RateLimit-Tier": "token",
    }
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return api_error(429, "Rate limit exceeded", headers)


def endpoint_name(path: str) -> str:
    """'heartrate' for /v2/usercollection/heartrate, 'token' for /oauth/token."""
    return path.rstrip("/").rsplit("/", 1)[-1]
