"""chess_commands of the lifemetrics CLI."""

from lifemetrics.cli.main import app, ingest_app  # noqa: F401
