"""The bodies of the Airflow tasks: each takes the run lock, runs one step and returns a small JSON summary (XCom).

Tasks wait for the lock instead of failing at once, since the health and chess DAGs may start together and a
cron `lifemetrics run` may be going on; DuckDB allows one writer at a time anyway.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
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


def analyse_chess(settings: Settings) -> dict[str, Any]:
    """Analyse pending chess games for `analysis_run_seconds`; what it did, or why it did not run (budget 0,
    no engine installed: the DAG goes on to build what there is). Raises AnalysisFailed when games failed."""
    from lifemetrics.analysis.errors import AnalysisError, EngineNotFound

    if settings.analysis_run_seconds <= 0:
        return {"skipped": "analysis_run_seconds is 0"}
    try:
        with run_lock(settings, wait_seconds=LOCK_WAIT_SECONDS):
            report = steps.analyse_chess(settings)
    except EngineNotFound as exc:
        return {"skipped": str(exc)}
    if report.failed:
        raise AnalysisError(
            f"analyse chess: {len(report.failed)} games failed: {'; '.join(report.failed)}"
        )
    return {
        "analysed": report.analysed,
        "left": report.left,
        "positions_per_second": report.positions_per_second,
    }


def inputs_to_build(settings: Settings) -> dict[str, Any] | None:
    """What a build would be made from now, {"inputs": ...}; None when the publish and dashboard already are
    (nothing new since the last complete run: the DAG skips build, publish and dashboard)."""
    from lifemetrics.warehouse import freshness

    with run_lock(settings, wait_seconds=LOCK_WAIT_SECONDS):
        inputs = freshness.publish_inputs(settings)
        if inputs is not None and freshness.last_published_at(settings, inputs) is not None:
            return None
    return {"inputs": asdict(inputs) if inputs is not None else None}


def build_in_audit(settings: Settings, full_refresh: bool = False) -> dict[str, int]:
    """Build every model into `audit` and run the tests; raises AuditFailed, so publish never runs after it."""
    with run_lock(settings, wait_seconds=LOCK_WAIT_SECONDS):
        audit = steps.build_in_audit(settings, full_refresh=full_refresh)
    return {kind: audit.count(kind) for kind in ("model", "test", "unit_test")}


def publish(settings: Settings) -> str:
    """Publish the passed audit build; returns the publish time (ISO 8601)."""
    with run_lock(settings, wait_seconds=LOCK_WAIT_SECONDS):
        return steps.publish(settings).isoformat()


def dashboard(
    settings: Settings, build: dict[str, Any] | None = None, published_at: str | None = None
) -> str:
    """Rebuild the static dashboard from the published tables; returns the index.html path.

    With the `build` inputs_to_build gave and the publish time, the run is then recorded as complete.
    """
    from lifemetrics.warehouse import freshness

    with run_lock(settings, wait_seconds=LOCK_WAIT_SECONDS):
        index = steps.rebuild_dashboard(settings)
        if build and build.get("inputs") and published_at:
            inputs = freshness.PublishInputs(**build["inputs"])
            freshness.record_published(settings, inputs, datetime.fromisoformat(published_at))
    return str(index)


def store_chess_months(settings: Settings) -> dict[str, Any]:
    """Store chess.com's new or changed months in the object store; IngestFailed naming failed months."""
    from lifemetrics.lakehouse.chess_months import store_chess_months as store

    report = store(settings)
    if report.failed:
        failed = ", ".join(f"{unit.unit} ({unit.detail})" for unit in report.failures)
        raise IngestFailed(f"store chess months: {len(report.failures)} failed: {failed}")
    return {"stored": report.count(UnitStatus.LOADED), "requests": report.requests}
