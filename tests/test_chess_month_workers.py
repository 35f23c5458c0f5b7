"""A long walk reads its months in worker processes: the same rows, the same failures, the same state."""

from __future__ import annotations

import os

import pytest
from chess_support import (
    CURRENT,
    NOW,
    PLAYER,
    PREVIOUS,
    chess_settings,
    new_game,
    query,
    standin,  # noqa: F401 (fixture)
)

from lifemetrics.sources.chess_com import ingest_chess, month_tables
from lifemetrics.sources.chess_com.errors import MalformedArchive
from lifemetrics.sources.chess_com.month_tables import MonthTables, worker_count
from lifemetrics.sources.report import UnitStatus
from lifemetrics.standins.server import Fault

ROWS = "SELECT * EXCLUDE (_dlt_load_id) FROM raw_chess_com.games ORDER BY uuid"


@pytest.fixture
def pooled(monkeypatch):
    """Workers for any walk, however short (the fixture history has four months)."""
    monkeypatch.setattr(month_tables, "POOL_MIN_MONTHS", 1)


def test_workers_load_the_same_rows_as_the_main_process(standin, pooled, tmp_path):
    alone = chess_settings(standin, home=tmp_path / "alone", chess_parse_workers=1)
    workers = chess_settings(standin, home=tmp_path / "workers", chess_parse_workers=2)
    ingest_chess(alone, now=NOW)
    report = ingest_chess(workers, now=NOW)

    assert report.count(UnitStatus.LOADED) == 4
    assert query(workers, ROWS) == query(alone, ROWS)


def test_a_malformed_month_read_by_a_worker_fails_alone_and_is_retried(standin, pooled):
    settings = chess_settings(standin, chess_parse_workers=2)
    standin.inject_month(PLAYER, "2022-06", Fault(truncate_body=True))

    report = ingest_chess(settings, now=NOW)

    assert [unit.unit for unit in report.failures] == [f"{PLAYER} 2022-06"]
    assert "not valid JSON" in report.failures[0].detail
    assert report.count(UnitStatus.LOADED) == 3
    again = ingest_chess(settings, now=NOW)
    statuses = {unit.unit: unit.status for unit in again.units}
    assert statuses[f"{PLAYER} 2022-06"] is UnitStatus.LOADED


def test_validators_land_with_their_months_across_loads(standin, pooled):
    standin.add_game(PLAYER, PREVIOUS, new_game(PREVIOUS))
    standin.add_game(PLAYER, CURRENT, new_game())
    settings = chess_settings(standin, chess_parse_workers=2)

    first = ingest_chess(settings, now=NOW, batch_games=200)  # several loads, months in flight
    loads = query(settings, "SELECT count(*) FROM raw_chess_com._dlt_loads")[0][0]
    second = ingest_chess(settings, now=NOW)

    assert loads > 1 and first.count(UnitStatus.LOADED) == 4
    assert {unit.status for unit in second.units} == {UnitStatus.NOT_MODIFIED}


def test_an_error_in_a_worker_reaches_the_main_process_whole():
    with MonthTables(2) as tables:
        future = tables.submit(b"{", "https://api.chess.com/pub/x", PLAYER, "2022-02")
        with pytest.raises(MalformedArchive) as raised:
            future.result()
    assert raised.value.url == "https://api.chess.com/pub/x"
    assert "not valid JSON" in str(raised.value)


def test_workers_only_for_long_walks_and_more_than_one_core():
    assert worker_count(0, month_tables.POOL_MIN_MONTHS - 1) == 0
    assert worker_count(1, 500) == 0
    assert worker_count(3, 500) == 3
    assert worker_count(0, 500) == (os.cpu_count() if (os.cpu_count() or 1) > 1 else 0)
