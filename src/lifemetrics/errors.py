"""Errors the CLI turns into a one-line reason and a non-zero exit."""

# Exit status of `lifemetrics build` and `run` when everything was published but rows were set aside
# (quarantined by their row checks): success for the data that was good, a signal cron passes on.
EXIT_ROWS_SET_ASIDE = 3


class LifemetricsError(Exception):
    """Base of every error the pipeline reports to the user."""


class ConfigError(LifemetricsError):
    """A setting is missing or has a bad value."""
