"""What the last audit build left in schema `audit`, kept in a small JSON file beside dbt's artefacts.

Publishing may run in another process than the build (an Airflow task), so it learns here whether the
audit schema holds a passed build and which tables to publish; a build marks itself `building` first,
so one that was killed is never published and the next one rebuilds from raw."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lifemetrics.errors import LifemetricsError
from lifemetrics.settings import Settings
from lifemetrics.warehouse.dbt_paths import DbtPaths

BUILDING = "building"
PASSED = "passed"
FAILED = "failed"


class NotAudited(LifemetricsError):
    """Publishing was asked for, but schema audit does not hold a build whose tests all passed."""


@dataclass
class BuildState:
    """The last build's status, the fingerprint of its models, unit tests and time zone, and the tables to publish."""

    status: str = ""
    fingerprint: str = ""
    tables: list[str] = field(default_factory=list)

    def can_build_incrementally(self, fingerprint: str) -> bool:
        """True when the audit tables come from a passed build of the same fingerprint (models, unit
        tests, time zone); that fingerprint's unit tests then passed on a build that led to them."""
        return self.status == PASSED and self.fingerprint == fingerprint


def read_state(path: Path) -> BuildState:
    """The state at `path`; an empty state when there is none (or it is unreadable)."""
    try:
        return BuildState(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return BuildState()


def write_state(path: Path, state: BuildState) -> None:
    """Replace the state file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_suffix(".tmp")
    staged.write_text(json.dumps(asdict(state)))
    os.replace(staged, path)


def passed_tables(path: Path) -> list[str]:
    """The tables of the last passed build; NotAudited when the last build did not pass."""
    state = read_state(path)
    if state.status != PASSED:
        reason = {BUILDING: "did not finish", FAILED: "failed its tests"}.get(
            state.status, "never ran"
        )
        raise NotAudited(
            f"nothing to publish: the last audit build {reason}; run `lifemetrics build`"
        )
    return state.tables


def state_path(settings: Settings) -> Path:
    """The build state file (beside dbt's artefacts under LIFEMETRICS_HOME)."""
    return DbtPaths.for_settings(settings).root / "last_build.json"
