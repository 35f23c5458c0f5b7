"""The synthetic Oura person: deterministic, plausible, with the gaps and nulls real data has."""

from __future__ import annotations

import types
from datetime import date, datetime, timedelta, timezone
from statistics import fmean

import pytest

from lifemetrics.synthetic.health import DAILY_ENDPOINTS, SyntheticPerson, generate_person

FIRST, LAST = date(2023, 1, 1), date(2024, 12, 31)
LEVELS = ("limited", "adequate", "solid", "strong", "exceptional")


@pytest.fixture(scope="module")
def person() -> SyntheticPerson:
    return generate_person((FIRST, LAST), seed=11, timezone="America/New_York")


def by_day(person: SyntheticPerson, endpoint: str) -> dict[str, dict]:
    return {doc["day"]: doc for doc in person.documents(endpoint)}


def test_same_seed_same_person_other_seed_other_person(person):
    again = generate_person((FIRST, LAST), seed=11, timezone="America/New_York")
    other = generate_person((FIRST, LAST), seed=12, timezone="America/New_York")
    window = (datetime(2024, 6, 1, tzinfo=timezone.utc), datetime(2024, 6, 3, tzinfo=timezone.utc))
    for endpoint in (*DAILY_ENDPOINTS, "sleep"):
        assert again.documents(endpoint) == person.documents(endpoint)
    assert list(again.heartrate(*window)) == list(person.heartrate(*window))
    assert again.personal_info == person.personal_info
    assert other.documents("daily_sleep") != person.documents("daily_sleep")
    assert list(other.heartrate(*window)) != list(person.heartrate(*window))


def test_scores_and_contributors_are_integers_in_1_to_100(person):
    for endpoint in ("daily_sleep", "daily_readiness", "daily_activity"):
        for doc in person.documents(endpoint):
            values = [doc["score"], *doc["contributors"].values()]
            assert all(v is None or (isinstance(v, int) and 1 <= v <= 100) for v in values), doc
    for doc in person.documents("daily_resilience"):
        assert doc["level"] in LEVELS
        assert all(0 <= v <= 100 for v in doc["contributors"].values())


def test_some_days_are_missing_and_some_contributors_null(person):
    days = (LAST - FIRST).days + 1
    sleep_days = by_day(person, "daily_sleep")
    assert 0.9 * days < len(sleep_days) < days
    readiness = person.documents("daily_readiness")
    assert any(
        doc["contributors"]["hrv_balance"] is None for doc in readiness
    )  # the first two weeks
    assert any(doc["temperature_deviation"] is None for doc in readiness[30:])
    assert any(
        doc["score"] is None and set(doc["contributors"].values()) == {None}
        for doc in sleep_days.values()
    )
    assert len(person.documents("daily_resilience")) < len(sleep_days)


def test_short_nights_lower_sleep_score_and_that_mornings_readiness(person):
    sleep_scores, readiness = by_day(person, "daily_sleep"), by_day(person, "daily_readiness")
    nights = [p for p in person.documents("sleep") if p["type"] == "long_sleep"]
    short = [p["day"] for p in nights if p["total_sleep_duration"] < 6 * 3600]
    long = [p["day"] for p in nights if p["total_sleep_duration"] >= 7.5 * 3600]
    assert len(short) > 30 and len(long) > 30

    def mean_score(days: list[str], docs: dict[str, dict]) -> float:
        return fmean(docs[d]["score"] for d in days if docs[d]["score"] is not None)

    assert mean_score(short, sleep_scores) < mean_score(long, sleep_scores) - 10
    assert mean_score(short, readiness) < mean_score(long, readiness) - 5
    next_days = {d: (date.fromisoformat(d) + timedelta(days=1)).isoformat() for d in short + long}
    after_short = [next_days[d] for d in short if next_days[d] in readiness]
    after_long = [next_days[d] for d in long if next_days[d] in readiness]
    assert mean_score(after_short, readiness) < mean_score(after_long, readiness)


def test_stress_lowers_resilience(person):
    stress = by_day(person, "daily_stress")
    rows = []
    for doc in person.documents("daily_resilience"):
        day = date.fromisoformat(doc["day"])
        recent = [
            stress[d]["stress_high"]
            for d in ((day - timedelta(days=k)).isoformat() for k in range(14))
            if d in stress
        ]
        rows.append((fmean(recent), LEVELS.index(doc["level"]), doc["contributors"]["stress"]))
    rows.sort()
    quarter = len(rows) // 4
    calm, tense = rows[:quarter], rows[-quarter:]
    assert fmean(r[1] for r in tense) < fmean(r[1] for r in calm)
    assert fmean(r[2] for r in tense) < fmean(r[2] for r in calm)
    assert len({r[1] for r in rows}) >= 3  # several levels occur


def test_sleep_periods_have_heart_rate_hrv_and_local_offsets(person):
    periods = person.documents("sleep")
    assert {p["type"] for p in periods} == {"long_sleep", "late_nap"}
    for period in periods:
        assert period["lowest_heart_rate"] < period["average_heart_rate"]
        assert period["average_hrv"] > 0
        start = datetime.fromisoformat(period["bedtime_start"])
        end = datetime.fromisoformat(period["bedtime_end"])
        assert start < end and start.utcoffset() in (timedelta(hours=-5), timedelta(hours=-4))
        assert period["total_sleep_duration"] <= period["time_in_bed"]
        assert (
            period["deep_sleep_duration"]
            + period["rem_sleep_duration"]
            + period["light_sleep_duration"]
            == period["total_sleep_duration"]
        )


def test_heart_rate_every_5_minutes_in_utc_with_all_sources(person):
    start = datetime(2024, 3, 1, tzinfo=timezone.utc)
    samples = person.heartrate(start, start + timedelta(days=14))
    assert isinstance(samples, types.GeneratorType)  # lazy: years are never materialised
    rows = list(samples)
    assert {r["source"] for r in rows} == {"awake", "rest", "sleep", "workout"}
    stamps = [r["timestamp_unix"] for r in rows]
    assert stamps == sorted(set(stamps))
    assert all(s % 300_000 == 0 for s in stamps)
    assert all(r["timestamp"].endswith("+00:00") for r in rows)
    assert all(
        datetime.fromisoformat(r["timestamp"]).timestamp() * 1000 == r["timestamp_unix"]
        for r in rows
    )
    assert all(30 <= r["bpm"] <= 200 for r in rows)
    assert 0.8 * 14 * 288 < len(rows) <= 14 * 288 + 1


def test_sleep_samples_fall_inside_sleep_periods_near_their_lowest_heart_rate(person):
    night = next(
        p
        for p in person.documents("sleep", date(2024, 5, 10), date(2024, 5, 20))
        if p["type"] == "long_sleep"
    )
    start, end = (
        datetime.fromisoformat(night["bedtime_start"]),
        datetime.fromisoformat(night["bedtime_end"]),
    )
    rows = list(person.heartrate(start - timedelta(hours=2), end + timedelta(hours=2)))
    asleep = [r for r in rows if r["source"] == "sleep"]
    assert asleep and all(
        start.timestamp() <= r["timestamp_unix"] / 1000 <= end.timestamp() for r in asleep
    )
    assert min(r["bpm"] for r in asleep) <= night["lowest_heart_rate"] + 3
    assert fmean(r["bpm"] for r in asleep) < fmean(r["bpm"] for r in rows if r["source"] == "awake")


def test_days_without_the_ring_have_no_heart_rate(person):
    worn = by_day(person, "daily_sleep")
    missing = next(
        FIRST + timedelta(days=k)
        for k in range(1, 700)
        if (FIRST + timedelta(days=k)).isoformat() not in worn
    )
    zone_noon = datetime(
        missing.year, missing.month, missing.day, 17, tzinfo=timezone.utc
    )  # noon in New York
    assert (
        list(person.heartrate(zone_noon - timedelta(hours=3), zone_noon + timedelta(hours=3))) == []
    )


def test_revise_extend_and_late_naps(person):
    small = generate_person((date(2024, 1, 1), date(2024, 1, 20)), seed=5)
    small.revise("daily_sleep", date(2024, 1, 10), score=42, contributors={"timing": 3})
    doc = by_day(small, "daily_sleep")["2024-01-10"]
    assert (doc["score"], doc["contributors"]["timing"]) == (42, 3)
    assert doc["contributors"]["deep_sleep"] is not None
    small.extend(3)
    assert small.last_day == date(2024, 1, 23)
    assert max(by_day(small, "daily_stress")) <= "2024-01-23"
    nap = small.add_nap(date(2024, 1, 12))
    assert nap in small.documents("sleep", date(2024, 1, 12), date(2024, 1, 12))
    with pytest.raises(KeyError, match="2023-12-31"):
        small.revise("daily_sleep", date(2023, 12, 31), score=1)


def test_days_count_ends_yesterday_and_personal_info_is_fake():
    recent = generate_person(10, seed=1, timezone="UTC")
    assert recent.last_day == datetime.now(timezone.utc).date() - timedelta(days=1)
    assert (recent.last_day - recent.first_day).days == 9
    assert recent.personal_info["email"].endswith(".invalid")
    assert {"id", "age", "weight", "height", "biological_sex", "email"} == set(recent.personal_info)
