"""Timing hooks installed from outside the library, in the benchmark's child process only.

- every `requests.Session.send` to a stand-in: counted (service, status, body bytes) and timed as `download`;
- dlt's `Pipeline.extract` / `normalize` / `load` steps: timed as `dlt extract` / `dlt normalize` / `dlt load`;
- the chess source's wait for each month's table (JSON -> Arrow table, PGN columns included, built by
  worker processes on a long walk): timed as `month tables`, and its games counted.

Nothing in the library is edited: these wrap public functions and methods, so when one moves the hook
reports that it is missing instead of failing the run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bench.measure import Meter


def path_kind(service: str, url: str) -> str:
    """What a request asked for: chess 'archives' / 'month'; oura '<endpoint> first page' / 'next page'."""
    parts = urlsplit(url)
    if service == "chess":
        return "archives" if parts.path.rstrip("/").endswith("archives") else "month"
    endpoint = parts.path.rstrip("/").rsplit("/", 1)[-1]
    page = "next page" if "next_token" in parse_qs(parts.query) else "first page"
    return f"{endpoint} {page}"


def hook_http(meter: Meter, services: Mapping[int, str]) -> None:
    """Count and time every request to a stand-in port (`services`: port -> service name)."""
    import requests

    original = requests.Session.send

    @functools.wraps(original)
    def send(
        self: requests.Session, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        port = urlsplit(request.url).port
        service = services.get(port, "other")
        with meter.span(f"download {service}"):
            response = original(self, request, **kwargs)
            body = len(response.content)
        meter.record_http(service, response.status_code, body, path_kind(service, request.url))
        return response

    requests.Session.send = send


def timed_function(meter: Meter, original: Callable[..., Any], label: str) -> Callable[..., Any]:
    """`original`, timed as span `label` on every call."""

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        with meter.span(label):
            return original(*args, **kwargs)

    return timed


def timed_method(meter: Meter, owner: type, name: str, label: str) -> None:
    """Replace method `name` of class `owner` with a timed one."""
    setattr(owner, name, timed_function(meter, getattr(owner, name), label))


def hook_dlt(meter: Meter) -> None:
    """Time dlt's three pipeline steps (run() calls them one after another)."""
    from dlt.pipeline.pipeline import Pipeline

    for step in ("extract", "normalize", "load"):
        timed_method(meter, Pipeline, step, f"dlt {step}")


def hook_month_tables(meter: Meter) -> list[str]:
    """Time how long the chess source's walk waits for each month's table (built in worker processes
    on a long walk) and count the games; returns what is missing."""
    try:
        from lifemetrics.sources.chess_com.archive_run import ArchiveRun
    except ImportError as exc:
        return [f"chess source not importable: {exc}"]
    original: Callable[..., Any] | None = getattr(ArchiveRun, "_outcome", None)
    if original is None:
        return ["ArchiveRun._outcome is gone: no wait for month tables inside the pipeline"]

    @functools.wraps(original)
    def timed(run: Any, pending: Any) -> Any:
        with meter.span("month tables"):
            outcome = original(run, pending)
        games = outcome.result.rows or 0
        meter.detail["games_extracted"] = meter.detail.get("games_extracted", 0) + games
        return outcome

    ArchiveRun._outcome = timed
    return []
