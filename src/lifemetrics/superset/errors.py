"""The Superset bundle's typed error: the CLI prints it as one line and exits 1."""

from lifemetrics.errors import LifemetricsError


class SupersetError(LifemetricsError):
    """The published tables cannot be read for a bundle, or a local Superset cannot be set up."""
