"""The assets of a Superset import bundle as typed records, each able to say its YAML content.

Assets refer to each other by UUID; the UUIDs are derived from names, so a bundle imported again
replaces the assets of the previous import instead of adding copies.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

BUNDLE_VERSION = "1.0.0"
NAMESPACE = uuid.UUID("5f0c7e0e-3f52-4b0a-9d2c-6c1f6b1e2a10")


def asset_uuid(kind: str, name: str) -> str:
    """A stable UUID for an asset of a kind (database, dataset, chart, dashboard) and name."""
    return str(uuid.uuid5(NAMESPACE, f"lifemetrics/{kind}/{name}"))


def dashboard_slug(name: str, database: Database) -> str:
    """A dashboard's address: `lifemetrics-chess`, or `lifemetrics-chess-trino` on the lakehouse."""
    suffix = "" if database.key == "duckdb" else f"-{database.key}"
    return f"lifemetrics-{name}{suffix}"


@dataclass(frozen=True)
class Database:
    """A database connection: the published tables of one engine (`key`: duckdb or trino)."""

    key: str
    name: str
    sqlalchemy_uri: str
    schema: str | None
    catalog: str | None = None
    engine_params: dict[str, Any] = field(default_factory=dict)

    @property
    def uuid(self) -> str:
        return asset_uuid("database", self.key)

    def content(self) -> dict[str, Any]:
        """The YAML content of `databases/<name>.yaml`."""
        return {
            "database_name": self.name,
            "sqlalchemy_uri": self.sqlalchemy_uri,
            "cache_timeout": None,
            "expose_in_sqllab": True,
            "allow_run_async": False,
            "allow_ctas": False,
            "allow_cvas": False,
            "allow_dml": False,
            "allow_csv_upload": False,
            "extra": {"allows_virtual_table_explore": True, "engine_params": self.engine_params},
            "uuid": self.uuid,
            "version": BUNDLE_VERSION,
        }


@dataclass(frozen=True)
class Column:
    """A dataset column: a published column, or a calculated one when `expression` is set."""

    name: str
    type: str
    label: str | None = None
    expression: str | None = None
    is_temporal: bool = False

    def content(self) -> dict[str, Any]:
        return {
            "column_name": self.name,
            "verbose_name": self.label,
            "is_dttm": self.is_temporal,
            "is_active": True,
            "type": self.type,
            "groupby": True,
            "filterable": True,
            "expression": self.expression,
            "description": None,
            "python_date_format": None,
        }


@dataclass(frozen=True)
class Metric:
    """A saved metric of a dataset, referred to by name in charts."""

    name: str
    expression: str
    label: str
    d3format: str | None = None

    def content(self) -> dict[str, Any]:
        return {
            "metric_name": self.name,
            "verbose_name": self.label,
            "metric_type": None,
            "expression": self.expression,
            "description": None,
            "d3format": self.d3format,
            "extra": {},
            "warning_text": None,
        }


@dataclass(frozen=True)
class Dataset:
    """A physical dataset on one published table."""

    table: str
    database: Database
    columns: tuple[Column, ...]
    metrics: tuple[Metric, ...] = ()
    main_temporal_column: str | None = None

    @property
    def uuid(self) -> str:
        return asset_uuid("dataset", f"{self.database.key}/{self.table}")

    def has(self, *names: str) -> bool:
        """Whether every one of these columns (published or calculated) is in the dataset."""
        present = {column.name for column in self.columns}
        return all(name in present for name in names)

    def content(self) -> dict[str, Any]:
        """The YAML content of `datasets/<database>/<table>.yaml`."""
        return {
            "table_name": self.table,
            "main_dttm_col": self.main_temporal_column,
            "description": None,
            "default_endpoint": None,
            "offset": 0,
            "cache_timeout": None,
            "catalog": self.database.catalog,
            "schema": self.database.schema,
            "sql": None,
            "params": None,
            "template_params": None,
            "filter_select_enabled": True,
            "fetch_values_predicate": None,
            "extra": None,
            "uuid": self.uuid,
            "metrics": [metric.content() for metric in self.metrics],
            "columns": [column.content() for column in self.columns],
            "version": BUNDLE_VERSION,
            "database_uuid": self.database.uuid,
        }


@dataclass(frozen=True)
class Chart:
    """A chart: its form data (`params`) and the query context saved with it for the REST API."""

    name: str
    viz_type: str
    dataset: Dataset
    params: dict[str, Any]
    queries: tuple[dict[str, Any], ...]
    width: int = 6
    height: int = 50

    @property
    def uuid(self) -> str:
        return asset_uuid("chart", f"{self.dataset.database.key}/{self.name}")

    def query_context(self) -> dict[str, Any]:
        """What the chart's data endpoint runs (the import fills in the dataset's id)."""
        datasource = {"id": 0, "type": "table"}
        return {
            "datasource": datasource,
            "force": False,
            "queries": list(self.queries),
            "form_data": dict(self.params, viz_type=self.viz_type),
            "result_format": "json",
            "result_type": "full",
        }

    def content(self) -> dict[str, Any]:
        """The YAML content of `charts/<name>.yaml`."""
        return {
            "slice_name": self.name,
            "description": None,
            "certified_by": None,
            "certification_details": None,
            "viz_type": self.viz_type,
            "params": dict(self.params, viz_type=self.viz_type),
            "query_context": json.dumps(self.query_context()),
            "cache_timeout": None,
            "uuid": self.uuid,
            "version": BUNDLE_VERSION,
            "dataset_uuid": self.dataset.uuid,
        }


class NativeFilter(Protocol):
    """A dashboard filter on a column of one dataset."""

    dataset: Dataset

    def content(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Dashboard:
    """A dashboard: its title, charts in rows, and native filters."""

    title: str
    slug: str
    rows: tuple[tuple[Chart, ...], ...]
    native_filters: tuple[NativeFilter, ...] = ()

    @property
    def uuid(self) -> str:
        return asset_uuid("dashboard", self.slug)

    @property
    def charts(self) -> tuple[Chart, ...]:
        return tuple(chart for row in self.rows for chart in row)

    @property
    def datasets(self) -> tuple[Dataset, ...]:
        """Every dataset its charts and filters read, once each."""
        found = [chart.dataset for chart in self.charts]
        found += [native_filter.dataset for native_filter in self.native_filters]
        return tuple({dataset.uuid: dataset for dataset in found}.values())
