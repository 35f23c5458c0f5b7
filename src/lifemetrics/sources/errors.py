"""The errors every source raises: one base the CLI and orchestration rely on, whatever the API."""

from __future__ import annotations

from collections.abc import Sequence

from lifemetrics.errors import LifemetricsError


class SourceError(LifemetricsError):
    """Something went wrong talking to a source's API; the HTTP status and URL when known."""

    def __init__(self, message: str, *, status: int | None = None, url: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.url = url


class RunStopped(SourceError):
    """An error after which no further request makes sense: the source's whole run stops."""


class UnitsFailed(SourceError):
    """Some units of work (months, endpoints) failed; the rest loaded and stays loaded.

    `details` are lines the message has no room for (each failed unit's reason), shown above it.
    """

    def __init__(self, message: str, *, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.details = list(details)
