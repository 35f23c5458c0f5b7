"""How `build_and_publish` decides between incremental and full builds, when it runs the unit tests,
and builds with missing sources."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from models_support import MARTS, ZONE, BuiltHome, built_home, query, standins  # noqa: F401

from lifemetrics.settings import Settings, load_settings
from lifemetrics.warehouse.build import BuildReport, build_and_publish
from lifemetrics.warehouse.dbt_runner import PROJECT_DIR, DbtPaths, dbt_project


@pytest.fixture
def copied_home(built_home: BuiltHome, isolated_env: Path) -> Path:
    """This test's own copy of the built home."""
    shutil.copytree(built_home.home, isolated_env)
    return isolated_env


def published_counts(settings: Settings) -> dict[str, int]:
    return {
        table: query(settings.analytics_path, f"SELECT count(*) FROM {table}")[0][0]
        for table in MARTS
    }


def unit_tests_run(settings: Settings, report: BuildReport) -> int:
    """How many unit tests the build ran, from the report and dbt's run results (they must agree)."""
    results = json.loads(
        (DbtPaths.for_settings(settings).target_dir / "run_results.json").read_text()
    )["results"]
    passed = [
        result
        for result in results
        if result["unique_id"].startswith("unit_test.") and result["status"] == "pass"
    ]
    assert report.unit_tests == len(passed) and report.audit.unit_tests_ran == bool(passed)
    return len(passed)


def all_unit_tests(settings: Settings) -> int:
    return len(dbt_project(settings).manifest().unit_tests)


def test_an_empty_warehouse_publishes_every_mart_empty() -> None:
    settings = load_settings()
    report = build_and_publish(settings)
    assert report.full_refresh
    assert unit_tests_run(settings, report) == all_unit_tests(settings) >= 9, (
        "a first build runs every unit test"
    )
    assert published_counts(settings) == dict.fromkeys(MARTS, 0)
    assert query(
        settings.analytics_path, "SELECT chess_first_day, health_last_day FROM publish_info"
    ) == [(None, None)]


def test_health_only_publishes_health_and_empty_chess_tables() -> None:
    with standins() as loaded:
        loaded.ingest_oura()
        build_and_publish(loaded.settings)
    counts = published_counts(loaded.settings)
    assert (
        counts["daily_health"] == len(loaded.person.documents("daily_sleep"))
        and counts["agg_monthly_health"] >= 2
    )
    assert counts["fct_chess_games"] == counts["agg_rapid_chess_daily"] == 0


def test_repeated_builds_are_incremental_and_reuse_the_parsed_project(copied_home: Path) -> None:
    settings = load_settings(timezone=ZONE)
    published = published_counts(settings)
    first = build_and_publish(settings)
    manifest = dbt_project(settings).manifest()
    second = build_and_publish(settings)
    assert not first.full_refresh and not second.full_refresh
    assert unit_tests_run(settings, second) == 0, (
        "unchanged models: their unit tests already passed"
    )
    assert second.data_tests >= 40 and second.models == len(model_files())
    assert dbt_project(settings).manifest() is manifest
    assert published_counts(settings) == published
    assert not {"target", "logs", "dbt_packages"} & {path.name for path in PROJECT_DIR.iterdir()}


def test_a_new_time_zone_rebuilds_local_dates_from_raw(copied_home: Path) -> None:
    before = dict(
        query(load_settings().analytics_path, "SELECT uuid, game_date FROM fct_chess_games")
    )
    tokyo = load_settings(timezone="Asia/Tokyo")
    report = build_and_publish(tokyo)
    after = dict(query(tokyo.analytics_path, "SELECT uuid, game_date FROM fct_chess_games"))
    assert report.full_refresh
    assert unit_tests_run(tokyo, report) == all_unit_tests(tokyo)
    assert before.keys() == after.keys() and before != after


def model_files() -> list[Path]:
    """The project's models, SQL and Python: every one is built by an incremental build."""
    folders = [PROJECT_DIR / "staging", PROJECT_DIR / "marts"]
    return [
        path for folder in folders for path in folder.rglob("*") if path.suffix in (".sql", ".py")
    ]
