"""The record of each source's last ingestion run, kept as `runs/last_<source>.json` under LIFEMETRICS_HOME.

`lifemetrics status` reads it to say what was loaded when and what failed, without opening the warehouse.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from lifemetrics.settings import Settings
from lifemetrics.sources.report import IngestReport, UnitStatus


@dataclass
class RunRecord:
    """What one ingestion run of one source did, in a form that survives the process."""

    source: str
    started_at: str
    finished_at: str
    ok: bool
    rows: int
    requests: int
    units: dict[str, int] = field(default_factory=dict)
    failed_units: list[str] = field(default_factory=list)
    error: str | None = None


def run_record_path(settings: Settings, source: str) -> Path:
    """Where the last run of `source` is recorded."""
    return settings.home / "runs" / f"last_{source}.json"


def record_run(
    settings: Settings, report: IngestReport, started_at: datetime, error: str | None = None
) -> Path:
    """Write the record of a finished run (atomically: a reader never sees half a file)."""
    record = RunRecord(
        source=report.source,
        started_at=started_at.isoformat(),
        finished_at=datetime.now(timezone.utc).isoformat(),
        ok=error is None and not report.failed,
        rows=report.rows,
        requests=report.requests,
        units={status.value: report.count(status) for status in UnitStatus},
        failed_units=[f"{unit.unit}: {unit.detail}" for unit in report.failures],
        error=error,
    )
    path = run_record_path(settings, report.source)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(asdict(record), indent=2))
    os.replace(partial, path)
    return path


def read_last_run(settings: Settings, source: str) -> RunRecord | None:
    """The record of the last run of `source`, or None when it never ran here."""
    path = run_record_path(settings, source)
    if not path.exists():
        return None
    return RunRecord(**json.loads(path.read_text()))
