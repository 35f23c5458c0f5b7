"""The steps of a pipeline run, one importable function each: `lifemetrics run` and the Airflow DAG tasks call these.

Heavy libraries (dlt, dbt, Plotly) are imported inside the steps, so that `lifemetrics --help` and Airflow's
parsing of the DAG files stay fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lifemetrics.errors import ConfigError, LifemetricsError
from lifemetrics.settings import Settings
from lifemetrics.sources.report import IngestReport

if TYPE_CHECKING:
    from lifemetrics.warehouse.audit import AuditResult
    from lifemetrics.warehouse.quarantine import SetAside

SOURCES = ("chess", "oura")

Progress = Callable[[str], None]


def oura_configured(settings: Settings) -> bool:
    """True when an Oura token is set or stored (a broken store counts: its ingestion then says what is wrong)."""
    if settings.oura_token is not None:
        return True
    from lifemetrics.sources.oura.auth.tokens import token_store

    try:
        return token_store(settings).load() is not None
    except LifemetricsError:
        return True


def configured_sources(settings: Settings) -> tuple[str, ...]:
    """The sources these settings can ingest: chess with usernames, oura with a token."""
    chess = ("chess",) if settings.chess_usernames else ()
    oura = ("oura",) if oura_configured(settings) else ()
    return chess + oura


def ingest_source(
    settings: Settings, name: str, since: date | None = None, progress: Progress | None = None
) -> IngestReport:
    """Ingest one source into its raw tables; `since` re-reads from that day on, ignoring what is stored."""
    if name == "chess":
        from lifemetrics.sources.chess_com import ingest_chess

        return ingest_chess(settings, progress=progress, since=since)
    if name == "oura":
        from lifemetrics.sources.oura import ingest_oura

        return ingest_oura(settings, progress=progress, since=since)
    raise ConfigError(f"unknown source {name!r}: expected one of {', '.join(SOURCES)}")


def build_in_audit(settings: Settings, full_refresh: bool = False, progress: Progress | None = None) -> AuditResult:
    """Write and audit: build every model into the `audit` schema and run every test; raises AuditFailed."""
    from lifemetrics.warehouse.build import build_in_audit as build

    return build(settings, full_refresh=full_refresh, progress=progress)


def publish(settings: Settings) -> datetime:
    """Publish the last passed audit build to `analytics.duckdb` atomically; returns when it was published.

    Refuses (NotAudited) when the audit schema does not hold a passed build, e.g. after a build was killed.
    """
    from lifemetrics.warehouse.build import publish_audited

    publish_audited(settings)
    return datetime.now(UTC)


def set_aside(settings: Settings) -> SetAside:
    """The raw rows the last audit build set aside (quarantined by their row checks, not published)."""
    from lifemetrics.warehouse.quarantine import read_set_aside

    return read_set_aside(settings.warehouse_path)


def rebuild_dashboard(settings: Settings) -> Path:
    """Rebuild the static dashboard site from the published tables; returns the index.html path."""
    from lifemetrics.dashboards import build_site

    return build_site(settings)
