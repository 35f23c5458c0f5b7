"""Chart kinds Superset draws, each built as form data plus the query the chart's data endpoint runs.

The queries mirror what Superset's own front end sends for the same form data: an x axis column
(with its time grain), the series columns, the metrics, and the same filters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from lifemetrics.superset.assets import Chart, Dataset

MetricRef = str | dict[str, Any]
COLOR_SCHEME = "supersetColors"
ROW_LIMIT = 10_000


def average(column: str, label: str) -> dict[str, Any]:
    """An ad-hoc metric: the average of a column, under a readable label."""
    return _aggregate("AVG", column, label)


def maximum(column: str, label: str) -> dict[str, Any]:
    """An ad-hoc metric: the largest value of a column (one row per group: the value itself)."""
    return _aggregate("MAX", column, label)


def total(column: str, label: str) -> dict[str, Any]:
    """An ad-hoc metric: the sum of a column."""
    return _aggregate("SUM", column, label)


def _aggregate(aggregate: str, column: str, label: str) -> dict[str, Any]:
    return {
        "expressionType": "SIMPLE",
        "column": {"column_name": column},
        "aggregate": aggregate,
        "label": label,
        "hasCustomLabel": True,
        "optionName": f"metric_{aggregate.lower()}_{column}",
    }


def expression(sql: str, label: str) -> dict[str, Any]:
    """An ad-hoc metric written in SQL that DuckDB and Trino both run."""
    return {
        "expressionType": "SQL",
        "sqlExpression": sql,
        "label": label,
        "hasCustomLabel": True,
        "optionName": "metric_" + "".join(ch if ch.isalnum() else "_" for ch in label.lower()),
    }


def equals(column: str, value: str) -> dict[str, Any]:
    """An ad-hoc WHERE filter `column = value`, as form data writes it."""
    return {
        "clause": "WHERE",
        "expressionType": "SIMPLE",
        "subject": column,
        "operator": "==",
        "comparator": value,
    }


def is_known(column: str) -> dict[str, Any]:
    """An ad-hoc WHERE filter `column IS NOT NULL`."""
    return {
        "clause": "WHERE",
        "expressionType": "SIMPLE",
        "subject": column,
        "operator": "IS NOT NULL",
    }


def _query_filters(filters: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"col": f["subject"], "op": f["operator"]}
        | ({"val": f["comparator"]} if "comparator" in f else {})
        for f in filters
    ]


def _label(metric: MetricRef) -> str:
    return metric if isinstance(metric, str) else metric["label"]


def _axis(column: str, grain: str | None) -> dict[str, Any]:
    axis = {
        "columnType": "BASE_AXIS",
        "sqlExpression": column,
        "label": column,
        "expressionType": "SQL",
    }
    return axis | ({"timeGrain": grain} if grain else {})


def _base(filters: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "datasource": "0__table",
        "adhoc_filters": list(filters),
        "color_scheme": COLOR_SCHEME,
        "extra_form_data": {},
        "dashboards": [],
        "row_limit": ROW_LIMIT,
    }


def _query(
    columns: list[Any],
    metrics: Sequence[MetricRef],
    filters: Sequence[dict[str, Any]],
    orderby: list[list[Any]] | None = None,
    row_limit: int = ROW_LIMIT,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "columns": columns,
        "metrics": list(metrics),
        "filters": _query_filters(filters),
        "orderby": orderby or [],
        "row_limit": row_limit,
        "extras": {"having": "", "where": ""},
        "annotation_layers": [],
        "applied_time_extras": {},
        "url_params": {},
        "custom_params": {},
        "custom_form_data": {},
    } | extra


def time_series(
    name: str,
    dataset: Dataset,
    x: str,
    grain: str,
    metrics: Sequence[MetricRef],
    *,
    bars: bool = False,
    stack: bool = True,
    groupby: Sequence[str] = (),
    filters: Sequence[dict[str, Any]] = (),
    y_format: str = "SMART_NUMBER",
    width: int = 12,
) -> Chart:
    """Metrics over time (line, or stacked bars), one series per metric and group."""
    viz = "echarts_timeseries_bar" if bars else "echarts_timeseries_line"
    params = _base(filters) | {
        "x_axis": x,
        "time_grain_sqla": grain,
        "metrics": list(metrics),
        "groupby": list(groupby),
        "stack": "Stack" if bars and stack else None,
        "show_legend": True,
        "legendOrientation": "top",
        "rich_tooltip": True,
        "connectNulls": False,
        "y_axis_format": y_format,
        "x_axis_time_format": "smart_date",
        "truncateYAxis": False,
    }
    query = _query([_axis(x, grain), *groupby], metrics, filters, series_columns=list(groupby))
    return Chart(name, viz, dataset, params, (query,), width=width)


def category_bars(
    name: str,
    dataset: Dataset,
    x: str,
    metrics: Sequence[MetricRef],
    *,
    sort_by: MetricRef | None = None,
    ascending: bool = False,
    stack: bool = False,
    horizontal: bool = False,
    filters: Sequence[dict[str, Any]] = (),
    limit: int | None = None,
    y_format: str = "SMART_NUMBER",
    width: int = 6,
) -> Chart:
    """Bars per category (colour, opening, hour), sorted by a metric or by the category."""
    order_metric = sort_by or metrics[0]
    params = _base(filters) | {
        "x_axis": x,
        "metrics": list(metrics),
        "groupby": [],
        "orientation": "horizontal" if horizontal else "vertical",
        "stack": "Stack" if stack else None,
        "x_axis_sort": _label(order_metric) if sort_by else None,
        "x_axis_sort_asc": ascending,
        "show_legend": len(metrics) > 1,
        "legendOrientation": "top",
        "rich_tooltip": True,
        "y_axis_format": y_format,
        "show_value": not stack,
        "truncateYAxis": False,
    }
    if limit:
        params |= {"row_limit": limit}
    query = _query(
        [_axis(x, None)],
        metrics,
        filters,
        orderby=[[order_metric, ascending]],
        row_limit=limit or ROW_LIMIT,
    )
    return Chart(name, "echarts_timeseries_bar", dataset, params, (query,), width=width)


def rolling_average(
    name: str, dataset: Dataset, x: str, metric: dict[str, Any], window: int, *, width: int = 12
) -> Chart:
    """A daily value and its rolling average over `window` days, on one axis."""
    rolling = dict(
        metric,
        label=f"{metric['label']}, {window}-day average",
        optionName=f"{metric['optionName']}_rolling",
    )
    params = _base(()) | {
        "x_axis": x,
        "time_grain_sqla": "P1D",
        "metrics": [metric],
        "metrics_b": [rolling],
        "groupby": [],
        "groupby_b": [],
        "adhoc_filters_b": [],
        "rolling_type_b": "mean",
        "rolling_periods_b": window,
        "min_periods_b": 1,
        "seriesType": "scatter",
        "seriesTypeB": "line",
        "markerEnabled": True,
        "markerSize": 4,
        "yAxisIndex": 0,
        "yAxisIndexB": 0,
        "show_legend": True,
        "legendOrientation": "top",
        "rich_tooltip": True,
        "row_limit_b": ROW_LIMIT,
        "x_axis_time_format": "smart_date",
    }
    daily = _query([_axis(x, "P1D")], [metric], ())
    averaged = _query(
        [_axis(x, "P1D")],
        [rolling],
        (),
        post_processing=[
            {
                "operation": "pivot",
                "options": {
                    "index": [x],
                    "columns": [],
                    "aggregates": {rolling["label"]: {"operator": "mean"}},
                    "drop_missing_columns": False,
                },
            },
            {
                "operation": "rolling",
                "options": {
                    "rolling_type": "mean",
                    "window": window,
                    "min_periods": 1,
                    "columns": {rolling["label"]: rolling["label"]},
                },
            },
            {"operation": "flatten"},
        ],
    )
    return Chart(name, "mixed_timeseries", dataset, params, (daily, averaged), width=width)


def latest_with_trend(
    name: str,
    dataset: Dataset,
    x: str,
    metric: MetricRef,
    *,
    rolling_days: int | None = None,
    compare_rows: int = 30,
    compare_suffix: str,
    number_format: str = "SMART_NUMBER",
    width: int = 3,
) -> Chart:
    """The latest day's value (or its rolling average) in large type, with its trend line and its
    change from `compare_rows` days with data before."""
    rolling = (
        {"rolling_type": "mean", "rolling_periods": rolling_days, "min_periods": 1}
        if rolling_days
        else {"rolling_type": None}
    )
    params = (
        _base(())
        | rolling
        | {
            "x_axis": x,
            "time_grain_sqla": "P1D",
            "metric": metric,
            "compare_lag": compare_rows,
            "compare_suffix": compare_suffix,
            "show_trend_line": True,
            "start_y_axis_at_zero": False,
            "y_axis_format": number_format,
            "header_font_size": 0.4,
            "subheader_font_size": 0.15,
            "time_format": "smart_date",
        }
    )
    query = _query([_axis(x, "P1D")], [metric], ())
    return Chart(name, "big_number", dataset, params, (query,), width=width)


def shares(
    name: str, dataset: Dataset, groupby: str, metric: MetricRef, *, width: int = 6
) -> Chart:
    """Shares of a total by category (a donut)."""
    params = _base(()) | {
        "groupby": [groupby],
        "metric": metric,
        "donut": True,
        "show_labels": True,
        "labels_outside": True,
        "label_type": "key_percent",
        "show_legend": True,
        "legendOrientation": "top",
        "sort_by_metric": True,
        "number_format": "SMART_NUMBER",
    }
    query = _query([groupby], [metric], (), orderby=[[metric, False]])
    return Chart(name, "pie", dataset, params, (query,), width=width)


def profile(name: str, dataset: Dataset, metrics: Sequence[MetricRef], *, width: int = 6) -> Chart:
    """Several scores of one kind on one radar: the weakest stands out."""
    params = _base(()) | {
        "groupby": [],
        "metrics": list(metrics),
        "is_circle": True,
        "show_labels": True,
        "label_type": "value",
        "label_position": "top",
        "show_legend": False,
        "number_format": ".0f",
        "column_config": {_label(metric): {"radarMetricMaxValue": 100} for metric in metrics},
    }
    query = _query([], metrics, ())
    return Chart(name, "radar", dataset, params, (query,), width=width)


def table_with_totals(
    name: str,
    dataset: Dataset,
    groupby: str,
    metrics: Sequence[MetricRef],
    *,
    sort_by: MetricRef,
    rows: int = ROW_LIMIT,
    width: int = 12,
) -> Chart:
    """Groups sorted by a metric, largest first (the first `rows`), and a totals row over everything."""
    params = _base(()) | {
        "query_mode": "aggregate",
        "groupby": [groupby],
        "metrics": list(metrics),
        "all_columns": [],
        "percent_metrics": [],
        "order_by_cols": [],
        "row_limit": rows,
        "server_page_length": 0,
        "order_desc": True,
        "timeseries_limit_metric": sort_by,
        "show_totals": True,
        "table_timestamp_format": "%Y-%m",
        "include_search": False,
        "allow_rearrange_columns": False,
        "column_config": {},
    }
    latest = _query([groupby], metrics, (), orderby=[[sort_by, False]], row_limit=rows)
    totals = _query([], metrics, (), row_limit=0)
    return Chart(name, "table", dataset, params, (latest, totals), width=width, height=60)


def rows_table(
    name: str,
    dataset: Dataset,
    columns: Sequence[str],
    *,
    order_by: str,
    filters: Sequence[dict[str, Any]] = (),
    number_formats: dict[str, str] | None = None,
    width: int = 12,
) -> Chart:
    """The table's own rows (no aggregation), ordered by one column; `number_formats` maps a column
    to its d3 format (e.g. ".2f")."""
    params = _base(filters) | {
        "query_mode": "raw",
        "all_columns": list(columns),
        "order_by_cols": [json.dumps([order_by, True])],
        "groupby": [],
        "metrics": [],
        "percent_metrics": [],
        "server_page_length": 0,
        "include_search": False,
        "column_config": {
            column: {"d3NumberFormat": number_format}
            for column, number_format in (number_formats or {}).items()
        },
    }
    query = _query(list(columns), (), filters, orderby=[[order_by, True]]) | {"metrics": None}
    return Chart(name, "table", dataset, params, (query,), width=width, height=60)
