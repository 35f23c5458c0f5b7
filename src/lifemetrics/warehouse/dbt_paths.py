"""Where dbt's files live for one LIFEMETRICS_HOME (profile, artefacts, logs, docs, build state)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lifemetrics.settings import Settings


@dataclass(frozen=True)
class DbtPaths:
    """Where dbt's generated profile, artefacts, logs and docs site live for one LIFEMETRICS_HOME."""

    root: Path

    @property
    def profiles_dir(self) -> Path:
        return self.root

    @property
    def target_dir(self) -> Path:
        return self.root / "target"

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @classmethod
    def for_settings(cls, settings: Settings) -> DbtPaths:
        return cls(settings.home / "dbt")
