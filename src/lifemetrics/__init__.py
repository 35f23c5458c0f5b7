"""lifemetrics: chess.com games and Oura ring health, ingested, modelled, audited and published."""

__version__ = "0.1.0"
