"""HTTP client of the chess.com Published-Data API: User-Agent with contact, conditional GETs, typed errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import requests

from lifemetrics import __version__
from lifemetrics.sources.chess_com.errors import (
    ArchiveNotFound,
    ContactMissing,
    FetchFailed,
    ResourceGone,
    UserAgentRefused,
)
from lifemetrics.sources.http import RETRYABLE_STATUS, RetryPolicy, get_with_retry

log = logging.getLogger("lifemetrics.chess_com")


def user_agent(contact: str | None) -> str:
    """The User-Agent chess.com asks for: tool, version and a way to reach the person running it."""
    if contact is None or not contact.strip():
        raise ContactMissing(
            "LIFEMETRICS_CONTACT is not set: chess.com refuses clients without contact information; "
            "set it to your e-mail address or a URL (nothing was requested)"
        )
    return f"lifemetrics/{__version__} (contact: {contact.strip()})"


@dataclass(frozen=True)
class Validators:
    """The ETag / Last-Modified of a response, replayed as If-None-Match / If-Modified-Since."""

    etag: str | None = None
    last_modified: str | None = None

    def conditional_headers(self) -> dict[str, str]:
        """Headers that turn a GET into a conditional GET."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Fetched:
    """One answered request: the body (empty on 304) and the validators to keep."""

    url: str
    not_modified: bool
    body: bytes
    validators: Validators


class ChessComClient:
    """Serial GETs against one API base, counting requests and bytes for the run report."""

    def __init__(
        self,
        api_url: str,
        contact: str | None,
        policy: RetryPolicy,
        *,
        session: requests.Session | None = None,
        on_retry: Callable[[str, int, float], None] | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.policy = policy
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent(contact)
        self.session.headers["Accept"] = "application/json"
        self.on_retry = on_retry
        self.requests = 0
        self.bytes_received = 0

    def archives_url(self, player: str) -> str:
        """URL of a player's list of monthly archives (the name percent-encoded: one path segment)."""
        return f"{self.api_url}/player/{quote(player, safe='')}/games/archives"

    def month_url(self, player: str, month: str) -> str:
        """URL of one monthly archive; `month` is 'YYYY-MM'."""
        year, mm = month.split("-")
        return f"{self.api_url}/player/{quote(player, safe='')}/games/{year}/{mm}"

    def fetch(self, url: str, validators: Validators | None = None) -> Fetched:
        """GET `url` (conditionally when validators are given) and map the outcome to a result or a typed error."""
        headers = validators.conditional_headers() if validators else {}
        attempts = 0

        def count_retry(reason: str, attempt: int, wait: float) -> None:
            nonlocal attempts
            attempts = attempt
            log.warning(
                "retrying %s after %s (attempt %d, waiting %.1fs)", url, reason, attempt, wait
            )
            if self.on_retry is not None:
                self.on_retry(reason, attempt, wait)

        try:
            response = get_with_retry(
                self.session, url, headers=headers, policy=self.policy, on_retry=count_retry
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            self.requests += attempts + 1
            raise FetchFailed(
                f"no answer from {url} after {self.policy.max_attempts} attempts ({type(exc).__name__})",
                url=url,
            ) from None
        self.requests += attempts + 1
        self.bytes_received += len(response.content)
        return _fetched_or_error(response, url, self.policy.max_attempts)


def _fetched_or_error(response: requests.Response, url: str, max_attempts: int) -> Fetched:
    """Turn the final response into a Fetched (200/304) or the typed error its status means."""
    status = response.status_code
    validators = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
    if status == 200:
        return Fetched(url, False, response.content, validators)
    if status == 304:
        return Fetched(url, True, b"", validators)
    if status == 403:
        raise UserAgentRefused(
            f"chess.com refused the request to {url} (HTTP 403): it wants contact information in the "
            "User-Agent; set LIFEMETRICS_CONTACT to your e-mail address or a URL",
            status=status,
            url=url,
        )
    if status == 404:
        raise ArchiveNotFound(f"{url} does not exist (HTTP 404)", status=status, url=url)
    if status == 410:
        raise ResourceGone(
            f"chess.com answered 410 Gone for {url}: it will not come back; "
            "check the username and LIFEMETRICS_CHESS_API_URL",
            status=status,
            url=url,
        )
    if status in RETRYABLE_STATUS:
        raise FetchFailed(
            f"HTTP {status} from {url} after {max_attempts} attempts", status=status, url=url
        )
    raise FetchFailed(f"unexpected HTTP {status} from {url}", status=status, url=url)
