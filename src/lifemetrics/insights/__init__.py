"""Statistics the build publishes beside the dbt marts (run from dbt Python models)."""
