"""One HTTP GET with bounded retries on 429/5xx and dropped connections, honouring Retry-After.

Both sources call this; each maps the final response to its own typed error.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import requests

from lifemetrics.settings import Settings

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a request that may succeed later."""

    max_attempts: int = 5
    backoff_seconds: float = 1.0
    max_wait_seconds: float = 120.0
    timeout_seconds: float = 30.0


def policy_from_settings(settings: Settings) -> RetryPolicy:
    """The retry policy of LIFEMETRICS_HTTP_MAX_ATTEMPTS / _BACKOFF_SECONDS / _TIMEOUT_SECONDS."""
    return RetryPolicy(
        max_attempts=settings.http_max_attempts,
        backoff_seconds=settings.http_backoff_seconds,
        timeout_seconds=settings.http_timeout_seconds,
    )


def retry_after_seconds(header: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None when absent or unreadable."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def wait_before_retry(
    response: requests.Response | None, attempt: int, policy: RetryPolicy
) -> float:
    """Seconds to wait before the next attempt: Retry-After when given, else exponential backoff; capped."""
    told = (
        retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
    )
    wait = told if told is not None else policy.backoff_seconds * (2 ** (attempt - 1))
    return min(wait, policy.max_wait_seconds)


def get_with_retry(
    session: requests.Session,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    policy: RetryPolicy = RetryPolicy(),
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[str, int, float], None] | None = None,
) -> requests.Response:
    """GET `url`, retrying 429/5xx and connection errors up to `policy.max_attempts` times.

    Returns the last response (the caller decides what its status means); re-raises the
    connection error when every attempt failed to connect.
    """
    for attempt in range(1, policy.max_attempts + 1):
        response: requests.Response | None = None
        try:
            response = session.get(
                url, headers=headers, params=params, timeout=policy.timeout_seconds
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            if attempt == policy.max_attempts:
                raise
            reason = type(exc).__name__
        else:
            if response.status_code not in RETRYABLE_STATUS or attempt == policy.max_attempts:
                return response
            reason = f"HTTP {response.status_code}"
        wait = wait_before_retry(response, attempt, policy)
        if on_retry is not None:
            on_retry(reason, attempt, wait)
        sleep(wait)
    raise AssertionError("unreachable: the loop returns or raises on its last attempt")
