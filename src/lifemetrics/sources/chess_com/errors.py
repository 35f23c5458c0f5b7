"""Typed errors of the chess.com source: which ones stop the run, which ones fail one month."""

from __future__ import annotations

from lifemetrics.sources import errors
from lifemetrics.sources.report import IngestReport


class ChessComError(errors.SourceError):
    """Something went wrong talking to chess.com; carries the HTTP status and URL when known."""


class RunStopped(ChessComError, errors.RunStopped):
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


class MonthsFailed(ChessComError, errors.UnitsFailed):
    """Some months failed after every retry; the others loaded."""


def months_failed(report: IngestReport) -> MonthsFailed:
    """The one-line error of a run with failed months: each of them and why."""
    failed = "; ".join(f"{unit.unit} ({unit.detail})" for unit in report.failures)
    return MonthsFailed(f"chess.com: {len(report.failures)} failed, the rest loaded: {failed}")


class WarehouseLoadFailed(ChessComError):
    """dlt could not load the fetched games into the warehouse (e.g. another process holds the file)."""
