"""The static dashboard site, built only from the published `analytics.duckdb`."""
