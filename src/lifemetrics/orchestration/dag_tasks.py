"""The bodies of the Airflow tasks: each takes the run lock, runs one step and returns a small JSON summary (XCom).

Tasks wait for the lock instead of failing at once, since the health and chess DAGs may start together and a
cron `lifemetrics run` may be going on; DuckDB allows one writer at a time anyway.
"""

from __future__ import annotations

from typing import Any

from lifemetrics.errors import LifemetricsError
from lifemetrics.orchestration import steps
from lifemetrics.orchestration.lock import run_lock
from lifemetrics.settings import Settings
from lifemetrics.sources.report import UnitStatus

LOCK_WAIT_SECONDS = 3600.0


class IngestFailed(LifemetricsError):
    """Some units of an ingestion failed; what loaded stays loaded, and the task fails so Airflow retries it."""


def ingest(settings: Settings, source: str) -> dict[str, Any]:
    """Ingest one source; raise IngestFailed naming the failed units (months, endpoints) if any."""
    with run_lock(settings, wait_seconds=LOCK_WAIT_SECONDS):
        report = steps.ingest_source(settings, source)
    if report.failed:
        failed = ", ".join(f"{unit.unit} ({unit.detail})" for unit in report.failures)
        raise IngestFailed(f"ingest {source}: {len(report.failures)} failed: {failed}")
    return {
        "source": source,
        "rows": report.rows,
        "re_read": report.count(UnitStatus.LOADED),
        "not_modified": report.count(UnitStatus.NOT_MODIFIED),
    }


def build_in_audit(settings: Settings, full_refresh: bool = False) -> dict[str, int]:
    """Build every model into `audit` and run the tests; raises AuditFailed, so publish never runs after it."""
    with run_lock(settings, wait_seconds=LOCK_WAIT_SECONDS):
        audit = steps.build_in_audit(settings, full_refresh=full_refresh)
    return {kind: audit.count(kind) for kind in ("model", "test", "unit_test")}


def publish(settings: Settings) -> str:
    """Publish the passed audit build; returns the publish time (ISO 8601)."""
    with run_lock(settings, wait_seconds=LOCK_WAIT_SECONDS):
        return steps.publish(settings).isoformat()


def dashboard(settings: Settings) -> str:
    """Rebuild the static dashboard from the published tables; returns the index.html path."""
    with run_lock(settings, wait_seconds=LOCK_WAIT_SECONDS):
        return str(steps.rebuild_dashboard(settings))
