"""The static dashboard site, built only from the published `analytics.duckdb`."""

from lifemetrics.dashboards.site import build_site

__all__ = ["build_site"]
