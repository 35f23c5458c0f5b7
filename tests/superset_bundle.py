"""Reading a written Superset bundle back: its files by kind, and what its charts refer to."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class ReadBundle:
    """A bundle's YAML files under its root folder, by path (`charts/x.yaml` ...)."""

    root: str
    files: dict[str, dict[str, Any]]

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        """Every file under `databases/`, `datasets/`, `charts/` or `dashboards/`."""
        return [content for name, content in self.files.items() if name.startswith(f"{kind}/")]

    def by_uuid(self, kind: str) -> dict[str, dict[str, Any]]:
        return {content["uuid"]: content for content in self.of_kind(kind)}

    def dashboard(self, title: str) -> dict[str, Any]:
        (found,) = [
            board for board in self.of_kind("dashboards") if board["dashboard_title"] == title
        ]
        return found

    def charts_of(self, title: str) -> list[dict[str, Any]]:
        """The charts a dashboard's position places, in layout order."""
        charts = self.by_uuid("charts")
        return [charts[item["meta"]["uuid"]] for item in chart_items(self.dashboard(title))]


def read_bundle(path: Path) -> ReadBundle:
    """Open a bundle ZIP; it must have exactly one root folder."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        roots = {name.split("/", 1)[0] for name in names}
        assert len(roots) == 1, roots
        (root,) = roots
        files = {name.split("/", 1)[1]: yaml.safe_load(archive.read(name)) for name in names}
    return ReadBundle(root, files)


def chart_items(dashboard: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The CHART entries of a dashboard's position, row by row."""
    position = dashboard["position"]
    for row_id in position["GRID_ID"]["children"]:
        for item_id in position[row_id]["children"]:
            yield position[item_id]


def columns_used(chart: dict[str, Any]) -> set[str]:
    """Every dataset column a chart's form data names: axis, groups, raw columns, filters, metrics."""
    params = chart["params"]
    names = {params[key] for key in ("x_axis",) if params.get(key)}
    names |= set(params.get("groupby") or []) | set(params.get("all_columns") or [])
    names |= {f["subject"] for f in params.get("adhoc_filters") or []}
    metrics = [*(params.get("metrics") or []), *(params.get("metrics_b") or [])]
    metrics += [params[key] for key in ("metric", "timeseries_limit_metric") if params.get(key)]
    names |= {m["column"]["column_name"] for m in metrics if isinstance(m, dict) and "column" in m}
    return names


def sql_metrics(chart: dict[str, Any]) -> list[str]:
    """The SQL of a chart's ad-hoc SQL metrics."""
    params = chart["params"]
    metrics = [*(params.get("metrics") or []), *(params.get("metrics_b") or [])]
    return [m["sqlExpression"] for m in metrics if isinstance(m, dict) and "sqlExpression" in m]


def saved_metric_names(chart: dict[str, Any]) -> set[str]:
    """The dataset metrics (by name) a chart uses, in its form data and its saved queries."""
    params = chart["params"]
    metrics = [*(params.get("metrics") or []), params.get("metric")]
    for query in json.loads(chart["query_context"])["queries"]:
        metrics += query["metrics"] or []
    return {m for m in metrics if isinstance(m, str)}
