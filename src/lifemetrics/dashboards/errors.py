"""The dashboards' typed error: the CLI prints it as one line and exits 1."""

from lifemetrics.errors import LifemetricsError


class DashboardError(LifemetricsError):
    """The published warehouse cannot be read, lacks a table the pages need, or the site cannot be served."""
