"""The lakehouse's error: a service that does not start or answer, a missing piece of the install."""

from __future__ import annotations

from lifemetrics.errors import LifemetricsError


class LakehouseError(LifemetricsError):
    """The lakehouse cannot do what was asked; the message names the service or file."""
