"""The Superset bundle's structure, from hand-made published tables (no Superset needed).

What Superset's importer relies on: one root folder, assets that refer to each other by UUID, a
`chartId` on every chart of a dashboard's position; and what the charts rely on: every column they
name is published, every SQL expression runs on the published tables (checked on DuckDB), and
charts on newer columns appear only once those columns are published. The Trino variant is checked
for structure (its lakehouse is not here to run it).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from dashboard_data import write_analytics
from run_support import run_cli
from superset_bundle import (
    ReadBundle,
    chart_items,
    columns_used,
    read_bundle,
    saved_metric_names,
    sql_metrics,
)

from lifemetrics.superset import (
    default_player,
    duckdb_database,
    read_published_schema,
    trino_database,
    write_bundle,
)
from lifemetrics.superset.errors import SupersetError

SEED_CHARTS = {
    "Chess": {
        "Rating over time",
        "Rapid rating now",
        "Results by colour",
        "Best openings with white",
        "Best openings with black",
        "Worst openings with white",
        "Worst openings with black",
    },
    "Health": {
        "Sleep score",
        "Readiness score",
        "Sleep contributors",
        "Readiness contributors",
        "Months, newest first, against all time (Summary: every day)",
        "Heart rate",
    },
}


@pytest.fixture(scope="module")
def analytics(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Published tables with two players, as the dashboards' own tests make them."""
    path = tmp_path_factory.mktemp("published") / "analytics.duckdb"
    return write_analytics(path, players=("mposada97", "hikaru"), games=400, days=120)


def bundle_of(analytics: Path, out: Path, engine: str = "duckdb") -> ReadBundle:
    database = (
        duckdb_database(analytics)
        if engine == "duckdb"
        else trino_database("http://trino.example:8443", "lake", "lifemetrics")
    )
    player = default_player(analytics, ["MPosada97"])
    write_bundle(read_published_schema(analytics), database, out, player)
    return read_bundle(out)


@pytest.fixture(scope="module")
def bundle(analytics: Path, tmp_path_factory: pytest.TempPathFactory) -> ReadBundle:
    return bundle_of(analytics, tmp_path_factory.mktemp("bundle") / "bundle.zip")


def test_one_root_folder_with_every_kind_of_asset(bundle: ReadBundle) -> None:
    assert bundle.root == "lifemetrics_bundle"
    assert bundle.files["metadata.yaml"]["version"] == "1.0.0"
    assert bundle.files["metadata.yaml"]["type"] == "Dashboard"
    kinds = {name.split("/")[0] for name in bundle.files if "/" in name}
    assert kinds == {"databases", "datasets", "charts", "dashboards"}
    assert {board["dashboard_title"] for board in bundle.of_kind("dashboards")} == {
        "Chess",
        "Health",
    }


def test_assets_refer_to_each_other_by_uuid(bundle: ReadBundle) -> None:
    databases, datasets = bundle.by_uuid("databases"), bundle.by_uuid("datasets")
    charts = bundle.by_uuid("charts")
    assert len(databases) == 1
    assert all(dataset["database_uuid"] in databases for dataset in datasets.values())
    assert all(chart["dataset_uuid"] in datasets for chart in charts.values())
    placed = []
    for board in bundle.of_kind("dashboards"):
        for item in chart_items(board):
            assert isinstance(item["meta"]["chartId"], int), item
            assert item["meta"]["uuid"] in charts, item
            placed.append(item["meta"]["uuid"])
    assert sorted(placed) == sorted(charts), "every chart is on a dashboard, once"
    chart_ids = [
        item["meta"]["chartId"] for b in bundle.of_kind("dashboards") for item in chart_items(b)
    ]
    assert len(set(chart_ids)) == len(chart_ids)


def test_the_seeds_charts_are_on_their_dashboards(bundle: ReadBundle) -> None:
    for title, names in SEED_CHARTS.items():
        assert names <= {chart["slice_name"] for chart in bundle.charts_of(title)}, title


def test_the_sleep_effects_show_two_decimals_with_their_sign(bundle: ReadBundle) -> None:
    (effects,) = [
        chart
        for chart in bundle.charts_of("Chess")
        if chart["slice_name"].startswith("After a top")
    ]
    assert effects["params"]["column_config"] == dict.fromkeys(
        ("effect", "ci_low", "ci_high"), {"d3NumberFormat": "+.2f"}
    )


def test_chess_has_a_player_filter_on_the_games(bundle: ReadBundle) -> None:
    (native,) = bundle.dashboard("Chess")["metadata"]["native_filter_configuration"]
    (target,) = native["targets"]
    dataset = bundle.by_uuid("datasets")[target["datasetUuid"]]
    assert (dataset["table_name"], target["column"]["name"]) == ("fct_chess_games", "player")
    assert native["filterType"] == "filter_select"
    assert native["controlValues"]["defaultToFirstItem"] is False
    assert native["defaultDataMask"]["filterState"]["value"] == ["mposada97"]
    assert native["defaultDataMask"]["extraFormData"]["filters"] == [
        {"col": "player", "op": "IN", "val": ["mposada97"]}
    ]
    assert native["scope"] == {"rootPath": ["ROOT_ID"], "excluded": []}
    datasets = bundle.by_uuid("datasets")
    for chart in bundle.charts_of("Chess"):
        columns = {column["column_name"] for column in datasets[chart["dataset_uuid"]]["columns"]}
        assert "player" in columns, f"{chart['slice_name']} cannot be filtered by player"
    assert bundle.dashboard("Health")["metadata"]["native_filter_configuration"] == []


def test_the_dashboard_opens_on_my_player_else_the_first(analytics: Path, tmp_path: Path) -> None:
    assert default_player(analytics, ["MPosada97", "hikaru"]) == "mposada97"
    assert default_player(analytics, ["someone_else"]) == "hikaru"
    assert default_player(analytics, []) == "hikaru"
    assert default_player(tmp_path / "missing.duckdb", ["hikaru"]) is None


def test_datasets_carry_the_published_columns(bundle: ReadBundle, analytics: Path) -> None:
    schema = read_published_schema(analytics)
    for dataset in bundle.of_kind("datasets"):
        published = schema[dataset["table_name"]].columns
        physical = [c["column_name"] for c in dataset["columns"] if c["expression"] is None]
        scalar = [
            name for name, kind in published.items() if "STRUCT" not in kind and "[]" not in kind
        ]
        assert physical == scalar, dataset["table_name"]
        assert dataset["schema"] == "main"


def test_every_column_a_chart_names_is_in_its_dataset(bundle: ReadBundle) -> None:
    datasets = bundle.by_uuid("datasets")
    for chart in bundle.by_uuid("charts").values():
        dataset = datasets[chart["dataset_uuid"]]
        columns = {column["column_name"] for column in dataset["columns"]}
        metrics = {metric["metric_name"] for metric in dataset["metrics"]}
        assert columns_used(chart) <= columns, chart["slice_name"]
        assert saved_metric_names(chart) <= metrics, chart["slice_name"]


def test_every_sql_expression_runs_on_the_published_tables(
    bundle: ReadBundle, analytics: Path
) -> None:
    datasets = bundle.by_uuid("datasets")
    expressions = [
        (dataset["table_name"], item.get("expression"))
        for dataset in datasets.values()
        for item in [*dataset["columns"], *dataset["metrics"]]
    ]
    expressions += [
        (datasets[chart["dataset_uuid"]]["table_name"], sql)
        for chart in bundle.by_uuid("charts").values()
        for sql in sql_metrics(chart)
    ]
    checked = 0
    with duckdb.connect(str(analytics), read_only=True) as connection:
        for table, sql in expressions:
            if sql:
                connection.execute(f"select {sql} from {table}").fetchall()
                checked += 1
    assert checked >= 10


def test_saved_queries_are_what_the_data_endpoint_runs(bundle: ReadBundle) -> None:
    for chart in bundle.by_uuid("charts").values():
        context = json.loads(chart["query_context"])
        assert context["queries"], chart["slice_name"]
        assert all("datasource" not in query for query in context["queries"])
        assert context["form_data"]["viz_type"] == chart["viz_type"]


NEWER_COLUMNS = {
    "fct_chess_games": {"opening_family": "varchar", "my_accuracy": "double"},
    "daily_health": {
        "deep_sleep_seconds": "integer",
        "rem_sleep_seconds": "integer",
        "light_sleep_seconds": "integer",
        "awake_seconds": "integer",
    },
}


def _published_copy(analytics: Path, target: Path, with_newer: bool) -> Path:
    """A copy of the published file with the newer columns dropped, or added where missing."""
    target.write_bytes(analytics.read_bytes())
    schema = read_published_schema(analytics)
    with duckdb.connect(str(target)) as connection:
        for table, columns in NEWER_COLUMNS.items():
            for column, kind in columns.items():
                present = schema[table].has(column)
                if with_newer and not present:
                    connection.execute(f"alter table {table} add column {column} {kind}")
                if not with_newer and present:
                    connection.execute(f"alter table {table} drop column {column}")
    return target


def test_charts_on_newer_columns_wait_for_them(analytics: Path, tmp_path: Path) -> None:
    older = _published_copy(analytics, tmp_path / "older.duckdb", with_newer=False)
    before = bundle_of(older, tmp_path / "before.zip")
    newer = {"Opening families", "Accuracy over time"}
    stages = "Sleep stages (hours per night, weekly average)"
    assert not newer & {chart["slice_name"] for chart in before.charts_of("Chess")}
    assert stages not in {chart["slice_name"] for chart in before.charts_of("Health")}
    extended = _published_copy(analytics, tmp_path / "newer.duckdb", with_newer=True)
    after = bundle_of(extended, tmp_path / "after.zip")
    chess = {chart["slice_name"]: chart for chart in after.charts_of("Chess")}
    assert newer <= set(chess)
    assert "opening_family" in columns_used(chess["Opening families"])
    assert "my_accuracy" in columns_used(chess["Accuracy over time"])
    assert stages in {chart["slice_name"] for chart in after.charts_of("Health")}


def test_the_duckdb_connection_opens_the_published_file_read_only(
    bundle: ReadBundle, analytics: Path
) -> None:
    (database,) = bundle.of_kind("databases")
    assert database["sqlalchemy_uri"] == f"duckdb:///{analytics.resolve()}"
    assert database["extra"]["engine_params"] == {"connect_args": {"read_only": True}}


def test_the_trino_variant_reads_the_lakehouse_analytics_namespace(
    bundle: ReadBundle, analytics: Path, tmp_path: Path
) -> None:
    trino = bundle_of(analytics, tmp_path / "trino.zip", engine="trino")
    (database,) = trino.of_kind("databases")
    assert database["sqlalchemy_uri"] == "trino://lifemetrics@trino.example:8443/lake/analytics"
    assert database["extra"]["engine_params"] == {"connect_args": {"http_scheme": "http"}}
    assert {(d["catalog"], d["schema"]) for d in trino.of_kind("datasets")} == {
        ("lake", "analytics")
    }
    assert {b["slug"] for b in trino.of_kind("dashboards")} == {
        "lifemetrics-chess-trino",
        "lifemetrics-health-trino",
    }
    assert not set(trino.by_uuid("charts")) & set(bundle.by_uuid("charts")), "both can be imported"
    for title in SEED_CHARTS:
        names = [chart["slice_name"] for chart in trino.charts_of(title)]
        assert names == [chart["slice_name"] for chart in bundle.charts_of(title)]
    with pytest.raises(SupersetError, match="--trino-url"):
        trino_database("trino.example:8080", "lake", "lifemetrics")


def test_cli_writes_the_bundle_and_says_what_it_holds(
    analytics: Path, tmp_path: Path, isolated_env: Path
) -> None:
    isolated_env.mkdir(parents=True)
    (isolated_env / "analytics.duckdb").write_bytes(analytics.read_bytes())
    out = tmp_path / "bundle.zip"
    done = run_cli("superset", "bundle", "--out", str(out), env={})
    assert done.returncode == 0, done.stderr
    assert f"Superset bundle: {out}" in done.stdout.replace("\n", " ")
    assert "Chess: " in done.stdout and "Health: " in done.stdout
    assert read_bundle(out).dashboard("Chess")


def test_cli_without_published_tables_says_what_to_run(tmp_path: Path) -> None:
    done = run_cli("superset", "bundle", "--out", str(tmp_path / "b.zip"), env={})
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "lifemetrics run" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "b.zip").exists()
    bad = run_cli(
        "superset", "bundle", "--out", str(tmp_path / "b.zip"), "--engine", "spark", env={}
    )
    assert bad.returncode == 2 and "--engine" in bad.stderr
