"""Errors the CLI turns into a one-line reason and a non-zero exit."""


class LifemetricsError(Exception):
    """Base of every error the pipeline reports to the user."""


class ConfigError(LifemetricsError):
    """A setting is missing or has a bad value."""
