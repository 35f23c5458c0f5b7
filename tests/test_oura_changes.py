"""Only new or changed Oura rows are loaded again: the look-back re-read of unchanged days loads nothing."""

from __future__ import annotations

from datetime import date, timedelta

from oura_support import query, token_settings

from lifemetrics.settings import Settings
from lifemetrics.sources.oura import ingest_oura
from lifemetrics.sources.oura.changes import ChangeFilter
from lifemetrics.sources.report import UnitStatus

TABLES = (
    "daily_sleep", "daily_readiness", "daily_resilience", "daily_activity", "daily_stress",
    "daily_spo2", "sleep", "heartrate", "personal_info",
)  # fmt: skip


def load_ids(settings: Settings) -> dict[str, list[tuple]]:
    """Per raw table, how many rows each load id holds."""
    return {
        table: query(
            settings,
            f"SELECT _dlt_load_id, count(*) FROM raw_oura.{table} GROUP BY ALL ORDER BY ALL",
        )
        for table in TABLES
    }


def test_rereading_unchanged_days_loads_nothing(api, person) -> None:
    settings = token_settings(api)
    ingest_oura(settings)
    before = load_ids(settings)

    report = ingest_oura(settings)

    assert not report.failed
    assert report.rows == 0
    assert {unit.unit: unit.status for unit in report.units} == dict.fromkeys(
        TABLES, UnitStatus.NOT_MODIFIED
    )
    assert all(unit.detail.endswith(" read)") for unit in report.units)
    assert load_ids(settings) == before


def test_a_revised_day_and_a_new_day_are_all_that_loads_again(api, person) -> None:
    settings = token_settings(api)
    ingest_oura(settings)
    revised_day = person.last_day - timedelta(days=3)
    api.revise("daily_sleep", revised_day, score=55)
    api.add_days(1)

    report = ingest_oura(settings)

    rows = {unit.unit: unit.rows for unit in report.units}
    assert rows["daily_sleep"] == 2  # the revised day and the new one
    assert rows["daily_readiness"] == 1  # the new day only
    assert rows["personal_info"] == 0
    # the new local day's samples, and the day before (its evening turns into the new night's sleep)
    assert 0 < rows["heartrate"] <= 2 * 24 * 12
    latest = query(settings, "SELECT max(_dlt_load_id) FROM raw_oura.daily_sleep")[0][0]
    assert query(
        settings,
        f"SELECT day FROM raw_oura.daily_sleep WHERE _dlt_load_id = '{latest}' ORDER BY day",
    ) == [(revised_day,), (person.last_day,)]
    assert query(
        settings, f"SELECT score FROM raw_oura.daily_sleep WHERE day = '{revised_day}'"
    ) == [(55,)]
    assert (
        ingest_oura(settings).rows == 0
    )  # the look-back window moved on a day: nothing else loads


def test_since_loads_every_day_it_rereads_again(api, person) -> None:
    settings = token_settings(api)
    ingest_oura(settings)
    since = person.last_day - timedelta(days=2)

    report = ingest_oura(settings, since=since)

    rows = {unit.unit: unit.rows for unit in report.units}
    assert rows["daily_sleep"] == 3
    assert rows["personal_info"] == 1
    assert ingest_oura(settings).rows == 0  # the digests were still recorded


def test_change_filter_keeps_new_and_changed_groups_in_their_order() -> None:
    def group(row: dict) -> str:
        return row["day"]

    first = ChangeFilter({}, horizon=date(2026, 1, 10))
    rows = [{"day": "2026-01-05", "v": 1}, {"day": "2026-01-11", "v": 2, "w": 3}]
    assert first.keep(rows, group) == rows  # before the horizon: kept, no digest
    assert list(first.digests()) == ["2026-01-11"]

    again = ChangeFilter(first.digests(), horizon=date(2026, 1, 10))
    same_row_fields_reordered = {"w": 3, "v": 2, "day": "2026-01-11"}
    changed = {"day": "2026-01-12", "v": 9}
    assert again.keep([same_row_fields_reordered, changed], group) == [changed]

    later = ChangeFilter(again.digests(), horizon=date(2026, 1, 12))
    assert list(later.digests()) == ["2026-01-12"]  # days no look-back re-reads are forgotten


def test_change_filter_without_horizon_compares_every_group_and_forget_keeps_all() -> None:
    def group(row: dict) -> str:
        return row["id"]

    document = {"id": "me", "age": 40}
    stored = ChangeFilter({}, horizon=None)
    stored.keep([document], group)
    assert ChangeFilter(stored.digests(), horizon=None).keep([document], group) == []
    assert ChangeFilter(stored.digests(), horizon=None, forget=True).keep([document], group) == [
        document
    ]
