"""Write a Superset import bundle (a ZIP with one root folder) from the published schema."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from lifemetrics.superset.assets import BUNDLE_VERSION, Dashboard, Database
from lifemetrics.superset.chess_dashboard import chess_dashboard
from lifemetrics.superset.datasets import build_datasets
from lifemetrics.superset.errors import SupersetError
from lifemetrics.superset.health_dashboard import health_dashboard
from lifemetrics.superset.layout import dashboard_content
from lifemetrics.superset.schema import PublishedSchema

ROOT = "lifemetrics_bundle"


@dataclass(frozen=True)
class BundleSummary:
    """What a written bundle holds."""

    path: Path
    database: str
    datasets: int
    charts: dict[str, int]


def build_dashboards(
    schema: PublishedSchema, database: Database, player: str | None = None
) -> list[Dashboard]:
    """The dashboards the published tables allow (Chess, opening on `player`, and Health)."""
    datasets = build_datasets(schema, database)
    boards = [chess_dashboard(datasets, player), health_dashboard(datasets)]
    return [board for board in boards if board is not None]


def bundle_files(dashboards: list[Dashboard], database: Database) -> dict[str, dict[str, Any]]:
    """Every file of the bundle (path under the root folder -> YAML content)."""
    files: dict[str, dict[str, Any]] = {
        "metadata.yaml": {
            "version": BUNDLE_VERSION,
            "type": "Dashboard",
            "timestamp": datetime.now(UTC).isoformat(),
        },
        f"databases/{_file_name(database.name)}.yaml": database.content(),
    }
    chart_ids: dict[str, int] = {}
    for dashboard in dashboards:
        for chart in dashboard.charts:
            chart_ids.setdefault(chart.uuid, len(chart_ids) + 1)
            files[f"charts/{_file_name(chart.name)}_{chart.uuid[:8]}.yaml"] = chart.content()
        for dataset in dashboard.datasets:
            files[f"datasets/{_file_name(database.name)}/{dataset.table}.yaml"] = dataset.content()
        files[f"dashboards/{dashboard.slug}.yaml"] = dashboard_content(dashboard, chart_ids)
    return files


def _file_name(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name).strip("_")


def write_bundle(
    schema: PublishedSchema, database: Database, out: Path, player: str | None = None
) -> BundleSummary:
    """Write the bundle ZIP to `out` (replaced whole: written beside it, then renamed)."""
    dashboards = build_dashboards(schema, database, player)
    if not dashboards:
        raise SupersetError(
            "the published tables hold neither fct_chess_games nor daily_health: "
            "run `lifemetrics build` first"
        )
    files = bundle_files(dashboards, database)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{ROOT}/{name}", yaml.safe_dump(content, sort_keys=False))
    partial.replace(out)
    return BundleSummary(
        out,
        database.name,
        sum(name.startswith("datasets/") for name in files),
        {board.title: len(board.charts) for board in dashboards},
    )
