"""`lifemetrics run`: ingest every configured source, build and audit, publish, rebuild the dashboard.

After the chess ingestion, the engine analyses pending games for `analysis_run_seconds` (0: not at all).
One source failing does not stop the other, nor the build of what is loaded; a failed audit stops the publish
(the published tables stay as they were). Every failed step is named in the summary, which decides the exit.
When nothing new was loaded since the last complete run (same raw data, models and settings), the build,
publish and dashboard are skipped: they would give the same tables and pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lifemetrics.errors import ConfigError
from lifemetrics.failures import explain
from lifemetrics.home import private_home
from lifemetrics.orchestration import steps
from lifemetrics.orchestration.lock import run_lock
from lifemetrics.progress import Progress, Tick, quiet
from lifemetrics.settings import Settings
from lifemetrics.sources.registry import all_sources, configured_sources
from lifemetrics.sources.report import IngestReport
from lifemetrics.warehouse.quarantine import SetAside

if TYPE_CHECKING:
    from lifemetrics.analysis import AnalysisReport


@dataclass
class SourceOutcome:
    """What ingesting one source did: its report, or the error that stopped it before it could report."""

    source: str
    report: IngestReport | None = None
    error: str | None = None

    @property
    def failed(self) -> bool:
        """True when the ingestion raised or any of its units failed."""
        return self.error is not None or (self.report is not None and self.report.failed)


@dataclass
class RunSummary:
    """Everything one run did, step by step; `failed_steps` names what went wrong, in order."""

    sources: list[SourceOutcome] = field(default_factory=list)
    analysis: AnalysisReport | None = None
    analysis_note: str = ""  # why the analysis did not run, or what stopped it
    audit: str = "not run"
    published_at: datetime | None = None
    dashboard: Path | None = None
    up_to_date_since: datetime | None = (
        None  # set when nothing was new: build, publish, dashboard skipped
    )
    failed_steps: list[str] = field(default_factory=list)
    set_aside: SetAside = field(default_factory=SetAside)  # raw rows the published build left out

    @property
    def ok(self) -> bool:
        """True when every step succeeded."""
        return not self.failed_steps


def _step(progress: Progress, step: str) -> None:
    """Announce that a step of the run starts (its own ticks follow)."""
    progress(Tick("run", step, state="step"))


def _one_line(exc: BaseException, home: Path) -> str:
    """An exception as one line: a full disk, a held or read-only file said as such (`failures.explain`),
    typed errors speak for themselves, others are named by their type."""
    text = " ".join(str(explain(exc, home) or exc).split())
    return text if text else type(exc).__name__


def _ingest(settings: Settings, name: str, since: date | None, progress: Progress) -> SourceOutcome:
    """Ingest one source; any error is recorded, so the next source and the build still run."""
    _step(progress, f"ingest {name}")
    try:
        report = steps.ingest_source(settings, name, since=since, progress=progress)
    except Exception as exc:  # noqa: BLE001 - one source's failure must not stop the others
        return SourceOutcome(name, error=_one_line(exc, settings.home))
    return SourceOutcome(name, report=report)


def _analyse(settings: Settings, summary: RunSummary, progress: Progress) -> None:
    """Analyse chess games for the run's budget; a missing engine is noted (the rest of the run is not
    affected), any other failure is a failed step. What was analysed before a failure stays."""
    from lifemetrics.analysis.errors import EngineNotFound

    _step(progress, "analyse chess")
    try:
        summary.analysis = steps.analyse_chess(settings, progress=progress)
    except EngineNotFound as exc:
        summary.analysis_note = f"not run: {_one_line(exc, settings.home)}"
        return
    except Exception as exc:  # noqa: BLE001 - reported as the failed step
        summary.analysis_note = f"failed: {_one_line(exc, settings.home)}"
        summary.failed_steps.append("analyse chess")
        return
    if summary.analysis.failed:
        summary.analysis_note = f"failed: {'; '.join(summary.analysis.failed)}"
        summary.failed_steps.append("analyse chess")


def _build_and_publish(
    settings: Settings, full_refresh: bool, summary: RunSummary, progress: Progress
) -> None:
    """Write and audit, then publish only a passed audit; record the outcome in `summary`."""
    from lifemetrics.warehouse.build import AuditFailed

    _step(progress, "build in audit")
    try:
        steps.build_in_audit(settings, full_refresh=full_refresh, progress=progress)
    except AuditFailed as exc:
        summary.audit = f"failed: {_one_line(exc, settings.home)}"
        summary.failed_steps.append("audit")
        return
    except Exception as exc:  # noqa: BLE001 - reported as the failed step
        summary.audit = f"not finished: {_one_line(exc, settings.home)}"
        summary.failed_steps.append("build")
        return
    summary.audit = "passed"
    _step(progress, "publish")
    try:
        summary.published_at = steps.publish(settings)
    except Exception as exc:  # noqa: BLE001 - reported as the failed step
        summary.failed_steps.append(f"publish ({_one_line(exc, settings.home)})")
        return
    summary.set_aside = steps.set_aside(settings)


def _rebuild_dashboard(settings: Settings, summary: RunSummary, progress: Progress) -> None:
    """Rebuild the dashboard from what was just published; record a failure as the `dashboard` step."""
    _step(progress, "dashboard")
    try:
        summary.dashboard = steps.rebuild_dashboard(settings)
    except Exception as exc:  # noqa: BLE001 - reported as the failed step
        summary.failed_steps.append(f"dashboard ({_one_line(exc, settings.home)})")


def _build_publish_and_show(
    settings: Settings, forced: bool, full_refresh: bool, summary: RunSummary, progress: Progress
) -> None:
    """Build, publish and rebuild the dashboard, unless what is published was made from the same inputs."""
    from lifemetrics.warehouse import freshness

    inputs = freshness.publish_inputs(settings)
    if inputs is not None and not forced:
        summary.up_to_date_since = freshness.last_published_at(settings, inputs)
        if summary.up_to_date_since is not None:
            progress(
                Tick("run", "nothing new", detail="published tables and dashboard are up to date")
            )
            summary.set_aside = steps.set_aside(settings)
            return
    _build_and_publish(settings, full_refresh, summary, progress)
    if summary.published_at is not None:
        _rebuild_dashboard(settings, summary, progress)
        if summary.dashboard is not None and inputs is not None:
            freshness.record_published(settings, inputs, summary.published_at)


def run_pipeline(
    settings: Settings,
    sources: Sequence[str] | None = None,
    since: date | None = None,
    full_refresh: bool = False,
    progress: Progress = quiet,
) -> RunSummary:
    """Run the whole pipeline once under the run lock; `sources` defaults to every configured source.

    Build, publish and dashboard are skipped when nothing changed since the last complete run, unless
    `since` or `full_refresh` ask for a rebuild.
    """
    private_home(
        settings.home
    )  # a home that cannot be made or written: one line before anything else
    names = tuple(sources) if sources else tuple(s.name for s in configured_sources(settings))
    if not names:
        setups = ", or ".join(source.setup for source in all_sources())
        raise ConfigError(f"nothing to ingest: {setups}")
    if "chess" in names:
        from lifemetrics.sources.chess_com.client import user_agent

        user_agent(
            settings.contact
        )  # no contact: stop now, before any request and before the build
    summary = RunSummary()
    with run_lock(settings):
        for name in names:
            outcome = _ingest(settings, name, since, progress)
            summary.sources.append(outcome)
            if outcome.failed:
                summary.failed_steps.append(f"ingest {name}")
        if "chess" in names and settings.analysis_run_seconds > 0:
            _analyse(settings, summary, progress)
        forced = full_refresh or since is not None
        _build_publish_and_show(settings, forced, full_refresh, summary, progress)
    return summary
