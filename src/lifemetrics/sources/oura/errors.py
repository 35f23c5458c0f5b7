"""Typed errors of the Oura source: each says what failed, where, and what the user can do."""

from __future__ import annotations

from lifemetrics.sources import errors
from lifemetrics.sources.report import IngestReport


class OuraError(errors.SourceError):
    """Something went wrong talking to the Oura API; `status` is the HTTP status when there was one."""


class OuraAuthError(OuraError):
    """No usable authorisation: no token at all, or the token has expired or was revoked."""


class OuraScopeError(OuraAuthError):
    """The token is valid but was not granted the scope an endpoint needs."""

    def __init__(self, message: str, scope: str, *, status: int | None = None) -> None:
        super().__init__(message, status=status)
        self.scope = scope


class OuraTokenStoreError(OuraError):
    """The stored tokens cannot be read or written safely (e.g. a file others can read)."""


class OuraLoginError(OuraError):
    """The OAuth2 login did not complete (denied, wrong state, failed code exchange, timeout)."""


class EndpointsFailed(OuraError, errors.UnitsFailed):
    """Some endpoints failed; the others loaded."""


def endpoints_failed(report: IngestReport) -> EndpointsFailed:
    """The one-line error of a run with failed endpoints; each one's reason is in `details`."""
    names = ", ".join(unit.unit for unit in report.failures)
    loaded = len(report.units) - len(report.failures)
    return EndpointsFailed(
        f"Oura endpoints failed: {names}" + (f" ({loaded} others loaded)" if loaded else ""),
        details=[unit.detail for unit in report.failures],
    )
