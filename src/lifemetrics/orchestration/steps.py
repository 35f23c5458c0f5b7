"""The steps of a pipeline run, one importable function each: `lifemetrics run` and the Airflow DAG tasks call these.

Heavy libraries (dlt, dbt, Plotly) are imported inside the steps, so that `lifemetrics --help` and Airflow's
parsing of the DAG files stay fast.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lifemetrics.progress import Progress, Tick
from lifemetrics.settings import Settings
from lifemetrics.sources.registry import source_named
from lifemetrics.sources.report import IngestReport

if TYPE_CHECKING:
    from lifemetrics.analysis import AnalysisProgress, AnalysisReport
    from lifemetrics.warehouse.audit import AuditResult
    from lifemetrics.warehouse.quarantine import SetAside


def ingest_source(
    settings: Settings, name: str, since: date | None = None, progress: Progress | None = None
) -> IngestReport:
    """Ingest one registered source into its raw tables; `since` re-reads from that day on."""
    return source_named(name).implementation().ingest(settings, progress=progress, since=since)


def analyse_chess(settings: Settings, progress: Progress | None = None) -> AnalysisReport:
    """Analyse pending chess games with the engine for at most `analysis_run_seconds` (newest first).

    Raises EngineNotFound when no engine is installed.
    """
    from lifemetrics.analysis import analyse_chess as analyse

    def report_progress(tick: AnalysisProgress) -> None:
        if progress:
            rate = f"{tick.positions:,} positions, {tick.positions_per_second:.0f}/s"
            progress(Tick("engine", "games", tick.games_done, tick.games_total, rate))

    return analyse(settings, time_budget=settings.analysis_run_seconds, on_progress=report_progress)


def build_in_audit(
    settings: Settings, full_refresh: bool = False, progress: Progress | None = None
) -> AuditResult:
    """Write and audit: build every model into the `audit` schema and run every test; raises AuditFailed."""
    from lifemetrics.warehouse.build import build_in_audit as build

    return build(settings, full_refresh=full_refresh, progress=progress)


def publish(settings: Settings) -> datetime:
    """Publish the last passed audit build to `analytics.duckdb`; returns the time it records.

    Refuses (NotAudited) when the audit schema does not hold a passed build, e.g. after a build was killed.
    """
    from lifemetrics.warehouse.publication import publish_audited

    return publish_audited(settings).published_at


def set_aside(settings: Settings) -> SetAside:
    """The raw rows the last audit build set aside (quarantined by their row checks, not published)."""
    from lifemetrics.warehouse.quarantine import read_set_aside

    return read_set_aside(settings)


def rebuild_dashboard(settings: Settings) -> Path:
    """Rebuild the static dashboard site from the published tables; returns the index.html path."""
    from lifemetrics.dashboards import build_site

    return build_site(settings)
