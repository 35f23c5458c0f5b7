"""A dashboard's YAML: its charts laid out in rows on a 12-column grid, and its filters."""

from __future__ import annotations

from typing import Any

from lifemetrics.palette import DRAW, LOSS, WIN
from lifemetrics.superset.assets import BUNDLE_VERSION, Chart, Dashboard


def _chart_item(chart: Chart, chart_id: int, parents: list[str]) -> dict[str, Any]:
    return {
        "type": "CHART",
        "id": f"CHART-{chart.uuid[:8]}",
        "children": [],
        "parents": parents,
        "meta": {
            "chartId": chart_id,
            "uuid": chart.uuid,
            "sliceName": chart.name,
            "width": chart.width,
            "height": chart.height,
        },
    }


def position(dashboard: Dashboard, chart_ids: dict[str, int]) -> dict[str, Any]:
    """The position tree: ROOT > GRID > one ROW per row of charts (ids as numbered in the bundle)."""
    items: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": dashboard.title}},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
    }
    for number, row in enumerate(dashboard.rows, start=1):
        row_id = f"ROW-{number}"
        parents = ["ROOT_ID", "GRID_ID", row_id]
        charts = [_chart_item(chart, chart_ids[chart.uuid], parents) for chart in row]
        items["GRID_ID"]["children"].append(row_id)
        items[row_id] = {
            "type": "ROW",
            "id": row_id,
            "children": [item["id"] for item in charts],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        }
        items.update({item["id"]: item for item in charts})
    return items


def dashboard_content(dashboard: Dashboard, chart_ids: dict[str, int]) -> dict[str, Any]:
    """The YAML content of `dashboards/<slug>.yaml`."""
    return {
        "dashboard_title": dashboard.title,
        "description": None,
        "css": "",
        "slug": dashboard.slug,
        "certified_by": "",
        "certification_details": "",
        "published": True,
        "uuid": dashboard.uuid,
        "position": position(dashboard, chart_ids),
        "metadata": {
            "color_scheme": "supersetColors",
            "refresh_frequency": 0,
            "expanded_slices": {},
            "label_colors": {"Wins": WIN, "Draws": DRAW, "Losses": LOSS},
            "timed_refresh_immune_slices": [],
            "cross_filters_enabled": False,
            "default_filters": "{}",
            "native_filter_configuration": [
                native_filter.content() for native_filter in dashboard.native_filters
            ],
        },
        "version": BUNDLE_VERSION,
    }
