"""The DuckDB warehouse: raw loads (dlt), the audit build, and the published analytics file."""
