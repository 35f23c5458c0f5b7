"""A third source for the registry tests: daily step counts from a tiny stand-in API into raw_steps.

It implements what `lifemetrics.sources.registry` asks of a source's package, and nothing else:
`lifemetrics run` and `lifemetrics status` must show it without knowing it exists.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import requests

from lifemetrics.progress import Progress, Tick
from lifemetrics.settings import Settings
from lifemetrics.sources.errors import UnitsFailed
from lifemetrics.sources.registry import Source
from lifemetrics.sources.report import IngestReport, UnitResult, UnitStatus
from lifemetrics.sources.run_record import record_run
from lifemetrics.standins.server import Reply, Request, StandInServer
from lifemetrics.warehouse.pipelines import raw_pipeline

DAYS = [{"day": f"2025-03-0{n}", "steps": 4000 + 1000 * n} for n in range(1, 4)]
STEPS = Source("steps", "steps", __name__, "Load daily steps.", "set STEPS_URL")
base_url = ""  # the running stand-in's address, set by `steps_standin`


def _reply(request: Request) -> Reply:
    """The stand-in: GET /days answers every day as JSON."""
    if request.path != "/days":
        return Reply(404)
    return Reply(200, json.dumps(DAYS).encode(), {"Content-Type": "application/json"})


@contextmanager
def steps_standin() -> Iterator[str]:
    """Serve the stand-in on 127.0.0.1 while the block runs; yields its address."""
    global base_url
    with StandInServer(_reply) as server:
        base_url = server.base_url
        try:
            yield base_url
        finally:
            base_url = ""


def ingest(
    settings: Settings, progress: Progress | None = None, since: date | None = None
) -> IngestReport:
    """Fetch every day and load it into raw_steps.days."""
    started = datetime.now(UTC)
    report = IngestReport("steps")
    days = requests.get(f"{base_url}/days", timeout=10).json()
    raw_pipeline(settings, "steps").run(days, table_name="days", write_disposition="replace")
    report.requests = 1
    report.add(UnitResult("steps", "days", UnitStatus.LOADED, rows=len(days)))
    if progress is not None:
        progress(Tick("steps", "days", 1, 1, f"{len(days)} days", "done"))
    record_run(settings, report, started)
    return report


def configured(settings: Settings) -> bool:
    """Configured whenever the stand-in runs."""
    return bool(base_url)


def status_lines(settings: Settings) -> list[str]:
    """Where the steps come from."""
    return [f"steps from {base_url or 'nowhere'}"]


def units_failed(report: IngestReport) -> UnitsFailed:
    """The failed units by name."""
    return UnitsFailed("steps failed: " + ", ".join(unit.unit for unit in report.failures))
