"""Write-audit-publish: dbt builds and tests every model in schema `audit` of warehouse.duckdb; only when
every data test and unit test passed are the marts published to analytics.duckdb (see publish.py).

`build_and_publish` does both; `build_in_audit` and `publication.publish_audited` are the two halves,
for orchestrators that run them as separate tasks."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifemetrics.progress import Progress, Tick
from lifemetrics.settings import Settings
from lifemetrics.warehouse.audit import AuditFailed, AuditResult, read_results, with_examples
from lifemetrics.warehouse.build_state import (
    BUILDING,
    FAILED,
    PASSED,
    BuildState,
    NotAudited,
    read_state,
    state_path,
    write_state,
)
from lifemetrics.warehouse.dbt_runner import DbtProject, dbt_project
from lifemetrics.warehouse.publication import publish_audited
from lifemetrics.warehouse.quarantine import SetAside, read_set_aside
from lifemetrics.warehouse.target import target_for

__all__ = [
    "AuditFailed",
    "AuditResult",
    "BuildReport",
    "NotAudited",
    "build_and_publish",
    "build_in_audit",
    "publish_audited",
]

MARTS_DIR = "marts/"


@dataclass
class BuildReport:
    """What one `lifemetrics build` did: what dbt ran, what was published, what was set aside, how long it took."""

    audit: AuditResult
    published_rows: dict[str, int] = field(default_factory=dict)
    analytics_path: Path | None = None
    seconds: float = 0.0
    set_aside: SetAside = field(default_factory=SetAside)

    @property
    def full_refresh(self) -> bool:
        return self.audit.full_refresh

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
    settings: Settings, full_refresh: bool = False, progress: Progress | None = None
) -> BuildReport:
    """Build and test everything in `audit`; publish to analytics.duckdb only if all passed, else raise AuditFailed.

    Raw rows failing a row-level check are set aside (audit.quarantine) and the rest is published: the
    report says how many and which."""
    started = time.perf_counter()
    audit = build_in_audit(settings, full_refresh, progress)
    if progress:
        progress(Tick("warehouse", "publish", detail=settings.analytics_path.name))
    rows = publish_audited(settings).rows
    set_aside = read_set_aside(settings)
    return BuildReport(
        audit, rows, settings.analytics_path, time.perf_counter() - started, set_aside
    )


def build_in_audit(
    settings: Settings, full_refresh: bool = False, progress: Progress | None = None
) -> AuditResult:
    """`dbt build` (models, data tests, unit tests) into schema audit; AuditFailed names what failed.

    Incremental when the audit tables come from a passed build of the same models, unit tests and
    time zone, otherwise (first build, failed or killed build, upgraded models, new time zone) a
    full refresh. Unit tests check the models' code on fixed inputs, not the user's data: they run
    when the models changed since the last passed build and are skipped while they are unchanged,
    so whatever is published comes from models whose unit tests passed.
    """
    target_for(settings).land_raw(settings)
    project = dbt_project(settings)
    path = state_path(settings)
    fingerprint = build_fingerprint(project)
    unchanged = read_state(path).can_build_incrementally(fingerprint)
    tables = published_models(project.manifest())
    write_state(path, BuildState(BUILDING, fingerprint, tables))
    if not unchanged:
        prepare_incremental_models(project)
    audit = run_build(project, full_refresh or not unchanged, progress, unit_tests=not unchanged)
    if not audit.passed:
        write_state(path, BuildState(FAILED, fingerprint, tables))
        raise AuditFailed(with_examples(audit.failures, settings))
    write_state(path, BuildState(PASSED, fingerprint, tables))
    return audit


def run_build(
    project: DbtProject, full_refresh: bool, progress: Progress | None, unit_tests: bool = True
) -> AuditResult:
    """Run `dbt build` (with or without its unit tests), reporting each finished node to `progress`,
    and summarise its results."""

    finished = 0

    def on_event(event: Any) -> None:
        nonlocal finished
        if progress and event.info.name == "NodeFinished":
            finished += 1
            node = event.data.node_info.node_name
            progress(Tick("dbt", node, finished, detail=str(event.data.run_result.status)))

    project.callbacks = [on_event]
    try:
        result = project.invoke(build_command(full_refresh, unit_tests))
    finally:
        project.callbacks = []
    audit = read_results(result.result)
    audit.full_refresh = full_refresh
    audit.unit_tests_ran = unit_tests
    return audit


def build_command(full_refresh: bool, unit_tests: bool) -> list[str]:
    """dbt's arguments for one audit build."""
    command = ["build"]
    if full_refresh:
        command.append("--full-refresh")
    if not unit_tests:
        command += ["--exclude-resource-type", "unit_test"]
    return command


def published_models(manifest: Any) -> list[str]:
    """The mart models (under marts/): the tables analytics.duckdb holds."""
    return sorted(
        node.name
        for node in manifest.nodes.values()
        if node.resource_type == "model" and node.original_file_path.startswith(MARTS_DIR)
    )


def prepare_incremental_models(project: DbtProject) -> None:
    """Create every incremental table anew and empty (`dbt run --empty --full-refresh`): dbt's unit tests
    of an incremental model read the columns of the existing table, so on a first build they need it to
    exist, and after the models changed to have the current columns (the full refresh then fills them)."""
    manifest = project.manifest()
    wanted = sorted(
        node.name
        for node in manifest.nodes.values()
        if node.resource_type == "model" and node.config.materialized == "incremental"
    )
    if wanted:
        project.invoke(["seed", "--no-write-json"])  # staging joins chess_result_codes
        project.invoke(
            [
                "run",
                "--empty",
                "--full-refresh",
                "--no-write-json",
                "--select",
                *(f"+{name}" for name in wanted),
            ]
        )


def build_fingerprint(project: DbtProject) -> str:
    """A hash of what the audit tables are computed by and proven with: every model's SQL and seed
    file's rows, the project's macros, its unit tests, the dbt_project.yml files (vars), dbt's version and
    the time zone. When it changes, incremental tables are rebuilt and the unit tests rerun."""
    manifest = project.manifest()
    models = [
        (uid, node.checksum.checksum)
        for uid, node in manifest.nodes.items()
        if node.resource_type in ("model", "seed")
    ]
    macros = [
        (uid, macro.macro_sql)
        for uid, macro in manifest.macros.items()
        if macro.package_name == manifest.metadata.project_name
    ]
    unit_tests = [(uid, test.checksum) for uid, test in manifest.unit_tests.items()]
    parts = [
        project.timezone,
        manifest.metadata.dbt_version,
        sorted((name, file.checksum) for name, file in manifest.state_check.project_hashes.items()),
        sorted(models),
        sorted(macros),
        sorted(unit_tests),
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()
