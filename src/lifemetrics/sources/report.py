"""What one ingestion did, per unit of work (a chess.com month, an Oura endpoint), for summaries and exit codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class UnitStatus(str, Enum):
    """Outcome of one unit of work."""

    LOADED = "loaded"
    NOT_MODIFIED = "not modified"
    FAILED = "failed"
    MISSING = "missing"  # e.g. a 404 month: reported, the run goes on


@dataclass
class UnitResult:
    """One month of one player, or one Oura endpoint."""

    source: str
    unit: str
    status: UnitStatus
    rows: int = 0
    detail: str = ""


@dataclass
class IngestReport:
    """Everything an ingestion run of one source did; `failed` decides the exit status."""

    source: str
    units: list[UnitResult] = field(default_factory=list)
    requests: int = 0
    bytes_received: int = 0

    def add(self, result: UnitResult) -> None:
        """Record the outcome of one unit."""
        self.units.append(result)

    def count(self, status: UnitStatus) -> int:
        """How many units ended with `status`."""
        return sum(1 for unit in self.units if unit.status is status)

    @property
    def rows(self) -> int:
        """Rows handed to the loader across all units."""
        return sum(unit.rows for unit in self.units)

    @property
    def failures(self) -> list[UnitResult]:
        """Units that failed: their names go into the one-line error."""
        return [unit for unit in self.units if unit.status is UnitStatus.FAILED]

    @property
    def failed(self) -> bool:
        """True when any unit failed."""
        return bool(self.failures)
