"""An incremental build equals a full refresh after Oura files a sleep period under another day: the
period's old day loses the night's figures, as it would when rebuilt from raw."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from models_support import ZONE, query, standins
from test_models_incremental import differing_rows

from lifemetrics.synthetic.health import generate_person
from lifemetrics.warehouse.build import build_and_publish

HEALTH_MARTS = ["daily_health", "agg_monthly_health"]


def test_a_sleep_period_moved_to_the_next_day_leaves_its_old_day_as_a_full_refresh_does(
    tmp_path: Path,
) -> None:
    person = generate_person(30, seed=21, timezone=ZONE)
    with standins({}, person) as loaded:
        settings = loaded.settings
        loaded.ingest_oura()
        assert build_and_publish(settings).full_refresh
        old_day = person.last_day - timedelta(days=3)
        [(lowest_before,)] = query(
            settings.analytics_path,
            "SELECT lowest_heart_rate FROM daily_health WHERE day = ?",
            [old_day],
        )
        assert lowest_before is not None

        moved = loaded.oura.revise("sleep", old_day, total_sleep_duration=40000)
        moved["day"] = (old_day + timedelta(days=1)).isoformat()  # `day` is revise's own argument
        loaded.ingest_oura()
        assert not build_and_publish(settings).full_refresh

    incremental = tmp_path / "incremental.duckdb"
    shutil.copy(settings.analytics_path, incremental)
    assert build_and_publish(settings, full_refresh=True).full_refresh

    assert {
        table: differing_rows(incremental, settings.analytics_path, table) for table in HEALTH_MARTS
    } == {table: 0 for table in HEALTH_MARTS}
    assert query(
        incremental,
        "SELECT lowest_heart_rate, total_sleep_seconds FROM daily_health WHERE day = ?",
        [old_day],
    ) == [(None, None)]
    assert query(
        incremental,
        "SELECT lowest_heart_rate, total_sleep_seconds FROM daily_health WHERE day = ?",
        [old_day + timedelta(days=1)],
    ) == [(float(moved["lowest_heart_rate"]), 40000)]
