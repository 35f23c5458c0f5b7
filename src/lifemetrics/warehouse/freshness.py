"""Whether what is published (analytics.duckdb and the dashboard) already shows everything in the raw tables.

A daily run that loaded nothing new can then stop after ingestion: no dbt, no publish, no dashboard. What a
publish is built from (its inputs) is the newest load id of every raw table, the dbt project's files, the
settings the models and pages read, and the lifemetrics version. The inputs are recorded once a run has
published and rebuilt the dashboard; a failed or killed step records nothing, so the next run builds again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from lifemetrics import __version__
from lifemetrics.settings import Settings
from lifemetrics.warehouse.dbt_runner import PROJECT_DIR
from lifemetrics.warehouse.engine import connect

PROJECT_FILES = ("*.sql", "*.yml", "*.yaml", "*.csv", "*.md")
RAW_TABLES = """
    SELECT table_schema, table_name FROM information_schema.columns
    WHERE column_name = '_dlt_load_id' AND table_schema LIKE 'raw\\_%' ESCAPE '\\'
      AND table_schema NOT LIKE '%\\_staging' ESCAPE '\\' AND table_name NOT LIKE '\\_dlt%' ESCAPE '\\'
    ORDER BY ALL
"""


@dataclass(frozen=True)
class PublishInputs:
    """What a publish is built from; equal inputs give the same published tables and pages."""

    raw_load_ids: dict[str, str | None]
    project_digest: str
    settings: dict[str, object]
    version: str = __version__


def raw_load_ids(warehouse: Path) -> dict[str, str | None]:
    """The newest load id of every raw table ('schema.table' -> id); empty when there is no warehouse yet."""
    if not warehouse.exists():
        return {}
    with connect(warehouse, read_only=True) as connection:
        tables = connection.execute(RAW_TABLES).fetchall()
        if not tables:
            return {}
        newest = " UNION ALL ".join(
            f'SELECT \'{schema}.{table}\', max(_dlt_load_id) FROM "{schema}"."{table}"'
            for schema, table in tables
        )
        return dict(connection.execute(newest).fetchall())


def project_digest(project: Path = PROJECT_DIR) -> str:
    """A digest of the dbt project's files (models, tests, macros, settings)."""
    hasher = hashlib.sha256()
    for path in sorted(p for pattern in PROJECT_FILES for p in project.rglob(pattern)):
        hasher.update(str(path.relative_to(project)).encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def publish_inputs(settings: Settings) -> PublishInputs | None:
    """The inputs a build and publish would use now; None when the warehouse cannot be read (e.g. locked)."""
    try:
        load_ids = raw_load_ids(settings.warehouse_path)
    except duckdb.Error:
        return None
    return PublishInputs(
        raw_load_ids=load_ids,
        project_digest=project_digest(),
        settings={
            "timezone": settings.timezone,
            "chess_usernames": sorted(settings.chess_usernames),
        },
    )


def last_published_at(settings: Settings, inputs: PublishInputs) -> datetime | None:
    """When the publish and dashboard made from exactly `inputs` were finished; None if they were not."""
    try:
        recorded = json.loads(_record_path(settings).read_text())
    except (OSError, ValueError):
        return None
    if recorded.get("inputs") != json.loads(json.dumps(asdict(inputs))):
        return None
    if not (settings.analytics_path.exists() and (settings.dashboard_dir / "index.html").exists()):
        return None
    return datetime.fromisoformat(recorded["published_at"])


def record_published(settings: Settings, inputs: PublishInputs, published_at: datetime) -> None:
    """Remember that the publish and dashboard of `inputs` are done (replaced atomically)."""
    path = _record_path(settings)
    staged = path.with_suffix(".tmp")
    document = {"inputs": asdict(inputs), "published_at": published_at.astimezone(UTC).isoformat()}
    staged.write_text(json.dumps(document, indent=2))
    os.replace(staged, path)


def _record_path(settings: Settings) -> Path:
    return settings.home / "published_inputs.json"
