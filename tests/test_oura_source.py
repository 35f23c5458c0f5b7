"""The Oura source against the local stand-in over real HTTP: paging, windows, look-back, merge, failures."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from oura_support import (
    ZONE,
    api_requests,
    columns,
    day,
    parse_instant,
    query,
    standin_settings,
    token_settings,
)

from lifemetrics.sources.oura import ingest_oura
from lifemetrics.sources.report import UnitStatus
from lifemetrics.sources.run_record import read_last_run
from lifemetrics.synthetic.health import DAILY_ENDPOINTS, DOCUMENT_ENDPOINTS

CONTRACT_COLUMNS = {
    "daily_sleep": ["id", "day", "score", "timestamp"]
    + [
        f"contributors__{name}"
        for name in (
            "deep_sleep",
            "efficiency",
            "latency",
            "rem_sleep",
            "restfulness",
            "timing",
            "total_sleep",
        )
    ],
    "daily_readiness": ["id", "day", "score", "temperature_deviation"]
    + [
        f"contributors__{name}"
        for name in (
            "activity_balance",
            "body_temperature",
            "hrv_balance",
            "previous_day_activity",
            "previous_night",
            "recovery_index",
            "resting_heart_rate",
            "sleep_balance",
        )
    ],
    "daily_resilience": [
        "id",
        "day",
        "level",
        "contributors__sleep_recovery",
        "contributors__daytime_recovery",
        "contributors__stress",
    ],
    "daily_stress": ["id", "day", "stress_high", "recovery_high", "day_summary"],
    "daily_activity": ["id", "day", "score", "steps", "active_calories"],
    "daily_spo2": ["id", "day", "spo2_percentage__average"],
    "sleep": [
        "id",
        "day",
        "type",
        "bedtime_start",
        "bedtime_end",
        "total_sleep_duration",
        "lowest_heart_rate",
        "average_hrv",
        "average_heart_rate",
        "efficiency",
    ],
    "heartrate": ["timestamp", "bpm", "source"],
    "personal_info": ["id", "age", "weight", "height", "biological_sex"],
}


def _today() -> datetime:
    return datetime.now(ZoneInfo(ZONE))


def _local_midnight(value) -> datetime:
    return datetime.combine(value, time(), ZoneInfo(ZONE))


def test_first_run_backfills_every_endpoint_to_the_rings_first_day(api, person) -> None:
    settings = token_settings(api)
    report = ingest_oura(settings)

    assert not report.failed, report.failures
    for endpoint in DOCUMENT_ENDPOINTS:
        expected = person.documents(endpoint)
        key = "id" if endpoint == "sleep" else "day"
        assert query(
            settings, f"SELECT count(*), count(DISTINCT {key}) FROM raw_oura.{endpoint}"
        ) == [(len(expected), len(expected))], endpoint
        assert query(settings, f"SELECT min(day), max(day) FROM raw_oura.{endpoint}") == [
            (day(expected[0]["day"]), day(expected[-1]["day"]))
        ], endpoint
    units = {unit.unit: unit for unit in report.units}
    sleep_days = len(person.documents("daily_sleep"))
    assert (
        units["daily_sleep"].detail == f"{person.first_day}..{_today().date()} ({sleep_days} read)"
    )
    assert units["daily_sleep"].rows == sleep_days
    stored = dict(query(settings, "SELECT day::VARCHAR, score FROM raw_oura.daily_sleep"))
    assert stored == {
        document["day"]: document.get("score") for document in person.documents("daily_sleep")
    }


def test_every_page_is_followed_to_the_end(api, person) -> None:
    settings = token_settings(api)
    ingest_oura(settings)

    for endpoint in (*DOCUMENT_ENDPOINTS, "heartrate"):
        followed = [r for r in api_requests(api, endpoint=endpoint) if "next_token" in r.query]
        assert len(followed) >= 2, f"{endpoint} should need several pages at page size 20"
    samples = list(
        person.heartrate(
            _local_midnight(person.first_day), _local_midnight(person.last_day + timedelta(days=1))
        )
    )
    expected = {
        sample["timestamp_unix"]
        for sample in samples
        if sample["timestamp_unix"]
        < _local_midnight(person.last_day + timedelta(days=1)).timestamp() * 1000
    }
    assert query(
        settings, "SELECT count(*), count(DISTINCT timestamp) FROM raw_oura.heartrate"
    ) == [(len(expected), len(expected))]
    assert {
        row[0] for row in query(settings, "SELECT timestamp_unix FROM raw_oura.heartrate")
    } == expected


def test_raw_keeps_every_field_and_the_contract_columns(api, person) -> None:
    settings = token_settings(api)
    ingest_oura(settings)

    for table, required in CONTRACT_COLUMNS.items():
        assert set(required) <= set(columns(settings, table)), table
    assert columns(settings, "heartrate")["timestamp"] == "TIMESTAMP WITH TIME ZONE"
    assert columns(settings, "daily_sleep")["day"] == "DATE"
    activity = columns(settings, "daily_activity")
    assert {"contributors__training_volume", "met", "average_met_minutes", "target_meters"} <= set(
        activity
    )
    period = person.documents("sleep")[0]
    assert query(
        settings, f"SELECT bedtime_start FROM raw_oura.sleep WHERE id = '{period['id']}'"
    ) == [(period["bedtime_start"],)]  # local time with its UTC offset, as the API gave it
    activity_day = person.documents("daily_activity")[0]
    assert query(
        settings,
        f"SELECT met->'$.items' FROM raw_oura.daily_activity WHERE day = '{activity_day['day']}'",
    )[0][0].replace(" ", "") == str(activity_day["met"]["items"]).replace(" ", "")
    assert "email" not in columns(settings, "personal_info")
    assert query(settings, "SELECT id, age FROM raw_oura.personal_info") == [
        (person.personal_info["id"], person.personal_info["age"])
    ]


def test_daily_requests_are_padded_a_day_and_filtered_on_day(api, person) -> None:
    start = person.first_day + timedelta(days=20)
    settings = token_settings(api, oura_start_date=start)
    ingest_oura(settings)

    today = _today().date()
    for endpoint in DOCUMENT_ENDPOINTS:
        first = [
            r.query for r in api_requests(api, endpoint=endpoint) if "next_token" not in r.query
        ]
        assert first[0]["start_date"] == str(start - timedelta(days=1)), endpoint
        assert first[-1]["end_date"] == str(today + timedelta(days=1)), endpoint
        # the padding brings back the day before the start: it is filtered out
        assert query(settings, f"SELECT min(day) FROM raw_oura.{endpoint}") == [(start,)], endpoint
    # daily_activity and sleep treat end_date as exclusive: the padding still gets the last day
    for endpoint in ("daily_activity", "sleep"):
        assert query(settings, f"SELECT max(day) FROM raw_oura.{endpoint}") == [(person.last_day,)]


def test_heartrate_is_asked_in_windows_of_at_most_30_days_covering_local_days(api, person) -> None:
    settings = token_settings(api)
    ingest_oura(settings)

    windows = [
        (parse_instant(r.query["start_datetime"]), parse_instant(r.query["end_datetime"]))
        for r in api_requests(api, endpoint="heartrate")
        if "next_token" not in r.query
    ]
    assert len(windows) >= 3
    assert all(end - start <= timedelta(days=30) for start, end in windows)
    assert all(earlier[1] == later[0] for earlier, later in pairwise(windows))
    assert windows[0][0] == _local_midnight(person.first_day)
    assert windows[-1][1] == _local_midnight(_today().date() + timedelta(days=1))


def test_second_run_with_nothing_new_rereads_only_the_lookback_window(api, person) -> None:
    settings = token_settings(api, oura_lookback_days=7)
    ingest_oura(settings)
    counts = {
        endpoint: query(settings, f"SELECT count(*) FROM raw_oura.{endpoint}")
        for endpoint in (*DOCUMENT_ENDPOINTS, "heartrate")
    }
    before = len(api.requests)

    report = ingest_oura(settings)

    assert not report.failed
    lookback_start = person.last_day - timedelta(days=7)
    second = api_requests(api, since=before)
    for endpoint in DOCUMENT_ENDPOINTS:
        asked = [r.query for r in second if r.path.endswith("/" + endpoint)]
        assert [q["start_date"] for q in asked if "next_token" not in q] == [
            str(lookback_start - timedelta(days=1))
        ]
    heartrate = [
        r.query for r in second if r.path.endswith("/heartrate") and "next_token" not in r.query
    ]
    assert [parse_instant(q["start_datetime"]) for q in heartrate] == [
        _local_midnight(lookback_start)
    ]
    assert len([r for r in second if r.path.endswith("/personal_info")]) == 1
    assert len(second) < 20, [(r.path, r.query) for r in second]  # vs. ~100 for the back-fill
    assert report.requests == len(second)
    for endpoint, count in counts.items():  # merged, not appended
        assert query(settings, f"SELECT count(*) FROM raw_oura.{endpoint}") == count, endpoint


def test_revised_and_late_data_replace_what_was_loaded(api, person) -> None:
    settings = token_settings(api)
    ingest_oura(settings)
    revised_day = person.last_day - timedelta(days=3)
    api.revise("daily_sleep", revised_day, score=55, contributors={"total_sleep": 40})
    api.revise("daily_readiness", revised_day, score=44)
    nap = api.add_nap(person.last_day - timedelta(days=2))
    too_old = person.first_day + timedelta(days=1)  # outside the look-back: left as loaded
    old_score = query(settings, f"SELECT score FROM raw_oura.daily_sleep WHERE day = '{too_old}'")
    api.revise("daily_sleep", too_old, score=1)

    ingest_oura(settings)

    assert query(
        settings,
        "SELECT score, contributors__total_sleep, count(*) OVER () FROM raw_oura.daily_sleep "
        f"WHERE day = '{revised_day}'",
    ) == [(55, 40, 1)]
    assert query(
        settings, f"SELECT score FROM raw_oura.daily_readiness WHERE day = '{revised_day}'"
    ) == [(44,)]
    assert query(settings, f"SELECT type FROM raw_oura.sleep WHERE id = '{nap['id']}'") == [
        (nap["type"],)
    ]
    assert query(settings, "SELECT count(*) FROM raw_oura.daily_sleep") == [
        (len(person.documents("daily_sleep")),)
    ]
    assert (
        query(settings, f"SELECT score FROM raw_oura.daily_sleep WHERE day = '{too_old}'")
        == old_score
    )


def test_429_is_retried_after_the_time_retry_after_says(api, person) -> None:
    settings = token_settings(api)
    api.fail_next("daily_readiness", status=429, retry_after=1, times=1)
    messages: list[str] = []

    report = ingest_oura(settings, progress=lambda tick: messages.append(str(tick)))

    assert not report.failed
    assert "retry: HTTP 429, attempt 1, waiting 1 s" in messages
    readiness = [r.query for r in api_requests(api, endpoint="daily_readiness")]
    assert readiness[0] == readiness[1]  # the same page asked again
    assert query(settings, "SELECT count(*) FROM raw_oura.daily_readiness") == [
        (len(person.documents("daily_readiness")),)
    ]


def test_a_failing_endpoint_is_named_and_the_others_are_kept(api, person) -> None:
    settings = token_settings(api, http_max_attempts=3)
    api.fail_next("daily_stress", status=503, times=100)

    report = ingest_oura(settings)

    failed = {unit.unit: unit.detail for unit in report.failures}
    assert list(failed) == ["daily_stress"]
    assert "HTTP 503" in failed["daily_stress"]
    assert (
        len(api_requests(api, endpoint="daily_stress")) == 3
    )  # bounded: max attempts, then give up
    record = read_last_run(settings, "oura")
    assert not record.ok and record.failed_units == [f"daily_stress: {failed['daily_stress']}"]
    for endpoint in set(DOCUMENT_ENDPOINTS) - {"daily_stress"}:
        assert query(settings, f"SELECT count(*) FROM raw_oura.{endpoint}") == [
            (len(person.documents(endpoint)),)
        ], endpoint

    api.failures.clear()
    report = ingest_oura(settings)  # its state did not advance: the next run back-fills it

    assert not report.failed
    assert query(settings, "SELECT count(*) FROM raw_oura.daily_stress") == [
        (len(person.documents("daily_stress")),)
    ]


def test_missing_scope_is_named_and_other_endpoints_load(api, person) -> None:
    token = api.issue_token(scopes=("daily", "heartrate", "personal", "spo2Daily"), lifetime=None)
    settings = standin_settings(api, oura_token=token)

    report = ingest_oura(settings)

    failed = {unit.unit: unit.detail for unit in report.failures}
    assert set(failed) == {"daily_stress", "daily_resilience"}
    assert all("lacks the 'stress' scope" in detail for detail in failed.values())
    for endpoint in failed:  # created empty, with the columns models rely on
        assert set(CONTRACT_COLUMNS[endpoint]) <= set(columns(settings, endpoint))
        assert query(settings, f"SELECT count(*) FROM raw_oura.{endpoint}") == [(0,)]
    assert query(settings, "SELECT count(*) FROM raw_oura.daily_sleep") == [
        (len(person.documents("daily_sleep")),)
    ]


def test_expired_token_is_reported_as_expired(api) -> None:
    settings = token_settings(api)
    api.expire_access_tokens()

    report = ingest_oura(settings)

    assert {unit.status for unit in report.units} == {UnitStatus.FAILED}
    detail = report.failures[0].detail
    assert "HTTP 401" in detail and "has expired" in detail and "LIFEMETRICS_OURA_TOKEN" in detail
    for (
        endpoint,
        required,
    ) in CONTRACT_COLUMNS.items():  # every table exists, empty, with its columns
        assert set(required) <= set(columns(settings, endpoint)), endpoint
    assert columns(settings, "heartrate")["timestamp"] == "TIMESTAMP WITH TIME ZONE"


@pytest.mark.parametrize("endpoint", DAILY_ENDPOINTS[:1])
def test_no_authorisation_at_all_says_how_to_get_one(api, endpoint) -> None:
    from lifemetrics.sources.oura.errors import OuraAuthError

    with pytest.raises(OuraAuthError, match="lifemetrics oura login"):
        ingest_oura(standin_settings(api))


def test_since_rereads_from_that_day_whatever_was_loaded(api, person) -> None:
    settings = token_settings(api)
    ingest_oura(settings)
    old_day = person.first_day + timedelta(days=5)
    api.revise("daily_sleep", old_day, score=33)
    before = len(api.requests)

    report = ingest_oura(settings, since=old_day)

    assert not report.failed
    first = api_requests(api, since=before, endpoint="daily_sleep")[0].query
    assert first["start_date"] == str(old_day - timedelta(days=1))
    assert query(settings, f"SELECT score FROM raw_oura.daily_sleep WHERE day = '{old_day}'") == [
        (33,)
    ]
