"""dbt, in-process: the dbt project shipped in the package, a generated profile, and target/ and logs/
under LIFEMETRICS_HOME (never inside the installed package). The parsed manifest is kept for the life
of the process, so repeated builds skip dbt's parsing, and on DuckDB for the next processes too
(`dbt_manifest_cache`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lifemetrics.errors import LifemetricsError
from lifemetrics.failures import explain
from lifemetrics.settings import Settings
from lifemetrics.warehouse.dbt_manifest_cache import cached_manifest, manifest_key, store_manifest
from lifemetrics.warehouse.dbt_paths import DbtPaths
from lifemetrics.warehouse.engine import AUDIT_SCHEMA

PROJECT_DIR = Path(__file__).resolve().parent.parent / "models"
PROFILE_NAME = "lifemetrics"


class DbtError(LifemetricsError):
    """dbt itself failed (bad project, unreachable warehouse), as opposed to a failing test."""


def write_profile(settings: Settings, paths: DbtPaths) -> Path:
    """Write profiles.yml with the engine's output (LIFEMETRICS_ENGINE), building into schema `audit`."""
    from lifemetrics.warehouse.target import target_for

    paths.profiles_dir.mkdir(parents=True, exist_ok=True)
    output = target_for(settings).dbt_output(settings)
    profile = {PROFILE_NAME: {"target": AUDIT_SCHEMA, "outputs": {AUDIT_SCHEMA: output}}}
    path = paths.profiles_dir / "profiles.yml"
    text = json.dumps(profile, indent=2)  # JSON is YAML
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


EventCallback = Callable[[Any], None]


class DbtProject:
    """The packaged dbt project bound to one LIFEMETRICS_HOME and time zone, invoked in-process."""

    def __init__(self, settings: Settings) -> None:
        self.paths = DbtPaths.for_settings(settings)
        self.timezone = settings.timezone
        self.engine = settings.engine  # a manifest is parsed for one adapter
        self.database = settings.warehouse_path.stem  # dbt-duckdb's database name
        write_profile(settings, self.paths)
        self._manifest: Any = None
        self.callbacks: list[EventCallback] = []

    def _common_args(self, target_dir: Path | None = None) -> list[str]:
        return [
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(self.paths.profiles_dir),
            "--target-path",
            str(target_dir or self.paths.target_dir),
            "--log-path",
            str(self.paths.log_dir),
            "--vars",
            json.dumps({"timezone": self.timezone}),
            "--log-level",
            "none",
            "--log-level-file",
            "info",
        ]

    def _runner(self) -> Any:
        from dbt.cli.main import dbtRunner

        return dbtRunner(manifest=self._manifest, callbacks=[self._dispatch])

    def _dispatch(self, event: Any) -> None:
        for callback in self.callbacks:
            callback(event)

    def manifest(self) -> Any:
        """The parsed project: parsed once per process and time zone (it names no file of any home, so
        every home shares it); dbt's partial parsing under the home speeds up the next process.
        No manifest.json here: the build writes it (with compiled SQL) when it ends."""
        if self._manifest is None:
            if (self.timezone, self.engine) not in _manifests:
                _manifests[(self.timezone, self.engine)] = self._kept_or_parsed_manifest()
            self._manifest = _manifests[(self.timezone, self.engine)]
        return self._manifest

    def _kept_or_parsed_manifest(self) -> Any:
        """On DuckDB, the manifest an earlier process kept (`dbt_manifest_cache`), else a new parse."""
        key = None
        if self.engine == "duckdb":
            key = manifest_key(PROJECT_DIR, self.timezone, self.database)
            kept = cached_manifest(key)
            if kept is not None:
                return kept
        result = self._runner().invoke(["parse", "--no-write-json", *self._common_args()])
        if not result.success:
            raise DbtError(f"dbt could not parse the project: {result.exception}")
        if key is not None:
            store_manifest(key, result.result)
        return result.result

    def invoke(self, command: list[str], target_dir: Path | None = None) -> Any:
        """Run one dbt command (e.g. ["build", "--full-refresh"]) and return dbt's result object;
        artefacts go to `target_dir` (default: the target directory under LIFEMETRICS_HOME)."""
        self.manifest()
        try:
            result = self._runner().invoke([*command, *self._common_args(target_dir)])
        finally:
            release_warehouse()
        if result.exception is not None:
            # a held or full warehouse is said as such, not as dbt's failure
            raise explain(result.exception) or DbtError(
                f"dbt {' '.join(command[:2])} failed: {result.exception}"
            )
        return result


def release_warehouse() -> None:
    """Close the DuckDB database dbt-duckdb keeps open between commands (a class-level environment),
    so other processes, e.g. an ingest started by cron, can open warehouse.duckdb between builds."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
        DuckDBConnectionManager.close_all_connections()


_manifests: dict[tuple[str, str], Any] = {}
_projects: dict[tuple[Path, str, str], DbtProject] = {}


def keep_parsed_project() -> None:
    """Parse the project for this machine's time zone and keep it (`make setup` runs it, as it compiles
    bytecode), so that a user's first build does not wait for dbt's parse."""
    import tempfile

    from lifemetrics.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="lifemetrics-parse-") as home:
        dbt_project(load_settings(home=Path(home))).manifest()


def dbt_project(settings: Settings) -> DbtProject:
    """The process-wide DbtProject for this home and time zone (created, with its profile, on first use)."""
    key = (settings.home.resolve(), settings.timezone, settings.engine)
    if key not in _projects:
        _projects[key] = DbtProject(settings)
    return _projects[key]
