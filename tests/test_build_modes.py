"""How `build_and_publish` decides between incremental and full builds, and builds with missing sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lifemetrics.settings import Settings, load_settings
from lifemetrics.warehouse.build import build_and_publish
from lifemetrics.warehouse.dbt_runner import PROJECT_DIR, dbt_project
from models_support import MARTS, ZONE, BuiltHome, built_home, query, standins  # noqa: F401


@pytest.fixture
def copied_home(built_home: BuiltHome, isolated_env: Path) -> Path:
    """This test's own copy of the built home."""
    shutil.copytree(built_home.home, isolated_env)
    return isolated_env


def published_counts(settings: Settings) -> dict[str, int]:
    return {table: query(settings.analytics_path, f"SELECT count(*) FROM {table}")[0][0] for table in MARTS}


def test_an_empty_warehouse_publishes_every_mart_empty() -> None:
    settings = load_settings()
    report = build_and_publish(settings)
    assert report.full_refresh
    assert published_counts(settings) == dict.fromkeys(MARTS, 0)
    assert query(settings.analytics_path, "SELECT chess_first_day, health_last_day FROM publish_info") == [(None, None)]


def test_health_only_publishes_health_and_empty_chess_tables() -> None:
    with standins() as loaded:
        loaded.ingest_oura()
        build_and_publish(loaded.settings)
    counts = published_counts(loaded.settings)
    assert counts["daily_health"] == len(loaded.person.documents("daily_sleep")) and counts["agg_monthly_health"] >= 2
    assert counts["fct_chess_games"] == counts["agg_rapid_chess_daily"] == 0


def test_repeated_builds_are_incremental_and_reuse_the_parsed_project(copied_home: Path) -> None:
    settings = load_settings(timezone=ZONE)
    published = published_counts(settings)
    first = build_and_publish(settings)
    manifest = dbt_project(settings).manifest()
    second = build_and_publish(settings)
    assert not first.full_refresh and not second.full_refresh
    assert dbt_project(settings).manifest() is manifest
    assert published_counts(settings) == published
    assert not {"target", "logs", "dbt_packages"} & {path.name for path in PROJECT_DIR.iterdir()}


def test_a_new_time_zone_rebuilds_local_dates_from_raw(copied_home: Path) -> None:
    before = dict(query(load_settings().analytics_path, "SELECT uuid, game_date FROM fct_chess_games"))
    report = build_and_publish(load_settings(timezone="Asia/Tokyo"))
    after = dict(query(load_settings().analytics_path, "SELECT uuid, game_date FROM fct_chess_games"))
    assert report.full_refresh
    assert before.keys() == after.keys() and before != after
