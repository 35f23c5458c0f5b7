"""Write-audit-publish: dbt builds and tests every model in schema `audit` of warehouse.duckdb; only when
every data test and unit test passed are the marts published to analytics.duckdb (see publish.py)."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from lifemetrics.settings import Settings
from lifemetrics.warehouse.audit import AuditFailed, AuditResult, read_results
from lifemetrics.warehouse.dbt_runner import AUDIT_SCHEMA, DbtProject, dbt_project
from lifemetrics.warehouse.publish import publish

__all__ = ["AuditFailed", "BuildReport", "build_and_publish", "published_models"]

MARTS_DIR = "marts/"


@dataclass
class BuildReport:
    """What one `lifemetrics build` did: what dbt ran, what was published, how long it took."""

    full_refresh: bool
    audit: AuditResult
    published_rows: dict[str, int] = field(default_factory=dict)
    analytics_path: Path | None = None
    seconds: float = 0.0

    @property
    def models(self) -> int:
        return self.audit.count("model")

    @property
    def data_tests(self) -> int:
        return self.audit.count("test")

    @property
    def unit_tests(self) -> int:
        return self.audit.count("unit_test")


def build_and_publish(
    settings: Settings,
    full_refresh: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build and test everything in `audit`; publish to analytics.duckdb only if all passed, else raise AuditFailed."""
    started = time.perf_counter()
    project = dbt_project(settings)
    fingerprint = build_fingerprint(project)
    full_refresh = full_refresh or needs_full_refresh(project, fingerprint)
    prepare_incremental_models(project, settings)
    audit = run_build(project, full_refresh, progress)
    if not audit.passed:
        forget_last_build(project)
        raise AuditFailed(audit.failures)
    if progress:
        progress("publishing analytics.duckdb")
    rows = publish(settings, published_models(project.manifest()))
    remember_build(project, fingerprint)
    return BuildReport(full_refresh, audit, rows, settings.analytics_path, time.perf_counter() - started)


def run_build(project: DbtProject, full_refresh: bool, progress: Callable[[str], None] | None) -> AuditResult:
    """`dbt build` (models, data tests, unit tests) into schema audit, reporting each finished node."""

    def on_event(event: Any) -> None:
        if progress and event.info.name == "NodeFinished":
            progress(f"{event.data.node_info.node_name}: {event.data.run_result.status}")

    project.callbacks = [on_event]
    try:
        result = project.invoke(["build", *(["--full-refresh"] if full_refresh else [])])
    finally:
        project.callbacks = []
    return read_results(result.result)


def published_models(manifest: Any) -> list[str]:
    """The mart models (under marts/): the tables analytics.duckdb holds."""
    return sorted(
        node.name
        for node in manifest.nodes.values()
        if node.resource_type == "model" and node.original_file_path.startswith(MARTS_DIR)
    )


def incremental_models(manifest: Any) -> list[str]:
    """Models materialized incrementally: they must exist before their unit tests can run."""
    return sorted(
        node.name
        for node in manifest.nodes.values()
        if node.resource_type == "model" and node.config.materialized == "incremental"
    )


def prepare_incremental_models(project: DbtProject, settings: Settings) -> None:
    """Create missing incremental tables empty (`dbt run --empty`): dbt's unit tests of an incremental
    model read the columns of the existing table, so on a first build they need it to exist."""
    wanted = incremental_models(project.manifest())
    with duckdb.connect(str(settings.warehouse_path)) as connection:
        existing = {
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [AUDIT_SCHEMA]
            ).fetchall()
        }
    missing = [name for name in wanted if name not in existing]
    if missing:
        project.invoke(["run", "--empty", "--select", *(f"+{name}" for name in missing)])


def build_fingerprint(project: DbtProject) -> str:
    """A hash of every model's SQL and the time zone: when it changes, incremental tables are rebuilt."""
    checksums = sorted(
        f"{node.unique_id}:{node.checksum.checksum}"
        for node in project.manifest().nodes.values()
        if node.resource_type == "model"
    )
    return hashlib.sha256(json.dumps([project.timezone, checksums]).encode()).hexdigest()


def state_path(project: DbtProject) -> Path:
    return project.paths.root / "last_build.json"


def needs_full_refresh(project: DbtProject, fingerprint: str) -> bool:
    """Rebuild incremental tables from raw when the last audit failed (its tables may hold bad rows),
    or the models or time zone changed since the last published build."""
    path = state_path(project)
    if not path.exists():
        return True
    return json.loads(path.read_text()).get("fingerprint") != fingerprint


def remember_build(project: DbtProject, fingerprint: str) -> None:
    state_path(project).write_text(json.dumps({"fingerprint": fingerprint}))


def forget_last_build(project: DbtProject) -> None:
    state_path(project).unlink(missing_ok=True)
