"""Typed errors of the chess.com source: which ones stop the run, which ones fail one month."""

from __future__ import annotations

from lifemetrics.errors import LifemetricsError


class ChessComError(LifemetricsError):
    """Something went wrong talking to chess.com; carries the HTTP status and URL when known."""

    def __init__(self, message: str, *, status: int | None = None, url: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.url = url


class RunStopped(ChessComError):
    """An error after which no further request makes sense: the whole run stops."""


class ContactMissing(RunStopped):
    """No LIFEMETRICS_CONTACT: chess.com refuses anonymous clients, so nothing is requested."""


class UserAgentRefused(RunStopped):
    """HTTP 403: chess.com refused our User-Agent (it wants contact information)."""


class ResourceGone(RunStopped):
    """HTTP 410: chess.com says this resource is gone for good."""


class ArchiveNotFound(ChessComError):
    """HTTP 404 for one player or one month: reported, the run goes on."""


class FetchFailed(ChessComError):
    """A request that kept failing (429/5xx after every retry, dropped connections, odd status)."""


class MalformedArchive(ChessComError):
    """A response that is not the JSON document the API promises."""


class WarehouseLoadFailed(ChessComError):
    """dlt could not load the fetched games into the warehouse (e.g. another process holds the file)."""
