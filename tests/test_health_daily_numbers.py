"""The night's and the day's numbers in `daily_health` are what Oura's own documents say: recorded
responses (tests/data/oura/samples) go through the stand-in, the real ingestion, dbt and publish, and
each published value is compared with the main sleep period (the day's longest long_sleep) and the
daily documents, read straight from the JSON."""

from __future__ import annotations

from datetime import date, datetime
from statistics import fmean
from zoneinfo import ZoneInfo

import pytest
from models_support import query, standins
from oura_recorded import RecordedPerson, recorded_rows

from lifemetrics.warehouse.build import build_and_publish

SAMPLE_SETS = ["L480-oura-exporter", "ihadanidea-oura-mcp"]
ZONE = (
    "America/Los_Angeles"  # ihadanidea's offsets; L480's UTC samples then fall on other local days
)
NIGHT_COLUMNS = {
    "total_sleep_seconds": "total_sleep_duration",
    "deep_sleep_seconds": "deep_sleep_duration",
    "rem_sleep_seconds": "rem_sleep_duration",
    "light_sleep_seconds": "light_sleep_duration",
    "awake_seconds": "awake_time",
    "sleep_efficiency_percent": "efficiency",
    "average_breath": "average_breath",
    "avg_sleep_bpm": "average_heart_rate",
    "lowest_heart_rate": "lowest_heart_rate",
    "average_hrv": "average_hrv",
}
DAILY_COLUMNS = {
    "temperature_deviation": ("daily_readiness", lambda doc: doc.get("temperature_deviation")),
    "steps": ("daily_activity", lambda doc: doc.get("steps")),
    "active_calories": ("daily_activity", lambda doc: doc.get("active_calories")),
    "spo2_average": ("daily_spo2", lambda doc: (doc.get("spo2_percentage") or {}).get("average")),
}
COLUMNS = [
    *NIGHT_COLUMNS,
    "bedtime_start",
    "bedtime_end",
    *DAILY_COLUMNS,
    "avg_rest_bpm",
    "avg_awake_bpm",
]


def main_sleep_periods() -> dict[str, dict]:
    """Each day's longest long_sleep, from the recorded sleep documents."""
    longest: dict[str, dict] = {}
    for period in recorded_rows(SAMPLE_SETS, "sleep"):
        if period["type"] != "long_sleep":
            continue
        kept = longest.get(period["day"])
        if kept is None or (period["total_sleep_duration"] or 0) > (
            kept["total_sleep_duration"] or 0
        ):
            longest[period["day"]] = period
    return longest


def heart_rate_by_local_day(source: str) -> dict[str, float]:
    """Average bpm of the recorded samples of one `source`, per local day in ZONE."""
    days: dict[str, list[int]] = {}
    for sample in recorded_rows(SAMPLE_SETS, "heartrate"):
        if sample["source"] == source:
            local_day = (
                datetime.fromisoformat(sample["timestamp"]).astimezone(ZoneInfo(ZONE)).date()
            )
            days.setdefault(local_day.isoformat(), []).append(sample["bpm"])
    return {day: fmean(values) for day, values in days.items()}


def expected_days() -> dict[str, dict]:
    """Every day's expected values of COLUMNS (None where no document says anything)."""
    expected: dict[str, dict] = {}
    for day, period in main_sleep_periods().items():
        row = expected.setdefault(day, dict.fromkeys(COLUMNS))
        row.update({column: period.get(field) for column, field in NIGHT_COLUMNS.items()})
        for column in ("bedtime_start", "bedtime_end"):
            row[column] = datetime.fromisoformat(period[column]).replace(tzinfo=None)
    for column, (endpoint, value_of) in DAILY_COLUMNS.items():
        for document in recorded_rows(SAMPLE_SETS, endpoint):
            expected.setdefault(document["day"], dict.fromkeys(COLUMNS))[column] = value_of(
                document
            )
    for column, source in (("avg_rest_bpm", "rest"), ("avg_awake_bpm", "awake")):
        for day, bpm in heart_rate_by_local_day(source).items():
            expected.setdefault(day, dict.fromkeys(COLUMNS))[column] = bpm
    return expected


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """daily_health as published from the recorded documents: {day: {column: value}}."""
    person = RecordedPerson(SAMPLE_SETS, ZONE)
    home = tmp_path_factory.mktemp("recorded") / "home"
    with standins({}, person, home=home, timezone=ZONE, oura_start_date=date(2026, 8, 1)) as loaded:
        loaded.ingest_oura()
        build_and_publish(loaded.settings)
        rows = query(
            loaded.settings.analytics_path, f"SELECT day, {', '.join(COLUMNS)} FROM daily_health"
        )
    return {day.isoformat(): dict(zip(COLUMNS, values)) for day, *values in rows}


def test_daily_health_has_the_main_sleep_periods_and_daily_documents_values(
    published: dict[str, dict],
) -> None:
    expected = expected_days()
    assert set(expected) <= set(published)
    for day, values in expected.items():
        assert published[day] == values, day


def test_the_main_sleep_period_is_the_longest_long_sleep_not_the_nap_or_the_short_night(
    published: dict[str, dict],
) -> None:
    # 2026-10-06 holds a 26,040 s night, a 6,900 s second long_sleep and a late nap (L480's samples)
    assert published["2026-10-06"]["total_sleep_seconds"] == 26040
    assert published["2026-10-06"]["bedtime_start"] == datetime(2026, 10, 5, 23, 12, 41)


def test_avg_rest_bpm_averages_rest_samples_only(published: dict[str, dict]) -> None:
    # ihadanidea's 10 August has sleep samples (48, 46) and no rest sample: no resting average
    assert published["2026-08-10"]["avg_rest_bpm"] is None
    assert published["2026-08-10"]["avg_sleep_bpm"] == 54.0
    # L480's one rest sample (57 bpm at 07:09 UTC) is on 6 October in Los Angeles too (00:09)
    assert published["2026-10-06"]["avg_rest_bpm"] == 57.0
