"""chess.com ingestion over real HTTP against the stand-in: what is loaded, what is requested, what is kept."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys

import pytest
from chess_support import (
    CONTACT,
    CURRENT,
    EMAIL,
    FIXTURE_MONTHS,
    NOW,
    PLAYER,
    PREVIOUS,
    chess_settings,
    fixture_games,
    new_game,
    query,
    request_paths,
    standin,  # noqa: F401 (fixture)
)

from lifemetrics import __version__
from lifemetrics.errors import ConfigError
from lifemetrics.sources.chess_com import ingest_chess
from lifemetrics.sources.chess_com.errors import (
    ContactMissing,
    ResourceGone,
    UserAgentRefused,
    WarehouseLoadFailed,
)
from lifemetrics.sources.chess_com.games_table import CONTRACT_COLUMNS
from lifemetrics.sources.chess_com.pgn import extract_pgn_fields
from lifemetrics.sources.report import UnitStatus
from lifemetrics.sources.run_record import read_last_run
from lifemetrics.standins.chess_com import ChessComStandIn
from lifemetrics.standins.server import Fault

ALL_MONTHS = (*FIXTURE_MONTHS, CURRENT)
FIXTURE_GAMES = 176 + 76 + 433


def month_path(month: str) -> str:
    return ChessComStandIn.month_path(PLAYER, month)


def statuses(report) -> dict[str, UnitStatus]:
    return {unit.unit: unit.status for unit in report.units}


def table_columns(settings) -> dict[str, str]:
    return dict(
        query(
            settings,
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'raw_chess_com' AND table_name = 'games'",
        )
    )


def games_per_month(settings) -> dict[str, tuple[int, int]]:
    """archive_month -> (rows, distinct uuids)."""
    rows = query(
        settings,
        "SELECT archive_month, count(*), count(DISTINCT uuid) FROM raw_chess_com.games GROUP BY 1",
    )
    return {month: (count, distinct) for month, count, distinct in rows}


def expected_columns(game: dict) -> dict:
    """A game object as the contract names its columns: nested dicts joined with '__', '@id' -> 'aid'."""
    flat = {}
    for key, value in game.items():
        if isinstance(value, dict):
            flat.update(
                {f"{key}__{'aid' if sub == '@id' else sub}": item for sub, item in value.items()}
            )
        else:
            flat[key] = value
    return flat


def test_first_run_loads_every_month_with_every_field_of_every_game(standin):
    settings = chess_settings(standin)
    report = ingest_chess(settings, now=NOW)

    assert statuses(report) == {f"{PLAYER} {month}": UnitStatus.LOADED for month in ALL_MONTHS}
    assert report.rows == FIXTURE_GAMES + 1
    # newest month first: a game listed in two months meets its later listing first
    assert request_paths(standin) == [
        ChessComStandIn.archives_path(PLAYER),
        *map(month_path, reversed(ALL_MONTHS)),
    ]
    names = list(table_columns(settings))
    loaded = {
        row[names.index("uuid")]: dict(zip(names, row))
        for row in query(settings, "SELECT * FROM raw_chess_com.games")
    }
    for month in FIXTURE_MONTHS:
        for game in fixture_games(month):
            row = loaded[game["uuid"]]
            assert {name: row[name] for name in expected_columns(game)} == expected_columns(game)
            assert {
                name: row[name]
                for name in extract_pgn_fields(game.get("pgn"), game.get("initial_setup"))
            } == (extract_pgn_fields(game.get("pgn"), game.get("initial_setup")))
            assert (row["player"], row["archive_month"]) == (PLAYER, month)


def test_every_contract_column_exists_with_its_type_even_when_always_null(standin):
    settings = chess_settings(standin)
    ingest_chess(settings, now=NOW)

    columns = table_columns(settings)
    assert set(CONTRACT_COLUMNS) <= set(columns)
    assert query(settings, 'SELECT count("match") FROM raw_chess_com.games') == [(0,)]
    assert (columns["end_time"], columns["rated"], columns["white__rating"]) == (
        "BIGINT",
        "BOOLEAN",
        "BIGINT",
    )
    assert (columns["pgn_full_moves"], columns["pgn_custom_start"]) == ("INTEGER", "BOOLEAN")
    assert (columns["pgn_white_clock_seconds"], columns["accuracies__white"]) == (
        "DOUBLE",
        "DOUBLE",
    )


def test_a_field_the_api_adds_is_kept_under_dlt_naming(standin):
    game = new_game()
    game["brand_new_field"] = "kept"
    game["white"]["@title"] = "GM"
    standin.add_game(PLAYER, CURRENT, game)
    settings = chess_settings(standin)
    ingest_chess(settings, now=NOW)

    assert query(
        settings,
        f"SELECT brand_new_field, white__atitle FROM raw_chess_com.games "
        f"WHERE uuid = '{game['uuid']}'",
    ) == [("kept", "GM")]


def test_second_run_with_nothing_new_asks_archives_and_current_and_previous_month_only(standin):
    settings = chess_settings(standin)
    ingest_chess(settings, now=NOW)
    standin.server.clear_log()

    report = ingest_chess(settings, now=NOW)

    assert request_paths(standin) == [
        ChessComStandIn.archives_path(PLAYER),
        month_path(CURRENT),
        month_path(PREVIOUS),
    ]
    for request in standin.requests[1:]:
        assert request.headers["if-none-match"].startswith('"')
        assert request.headers["if-modified-since"].endswith("GMT")
    assert statuses(report) == {
        f"{PLAYER} {PREVIOUS}": UnitStatus.NOT_MODIFIED,
        f"{PLAYER} {CURRENT}": UnitStatus.NOT_MODIFIED,
    }
    assert (report.rows, report.requests) == (0, 3)
    assert sum(rows for rows, _ in games_per_month(settings).values()) == FIXTURE_GAMES + 1


def test_a_game_added_to_the_current_month_is_loaded_by_the_next_run(standin):
    settings = chess_settings(standin)
    ingest_chess(settings, now=NOW)
    added = new_game()
    standin.add_game(PLAYER, CURRENT, added)

    report = ingest_chess(settings, now=NOW)

    assert statuses(report) == {
        f"{PLAYER} {PREVIOUS}": UnitStatus.NOT_MODIFIED,
        f"{PLAYER} {CURRENT}": UnitStatus.LOADED,
    }
    assert games_per_month(settings)[CURRENT] == (2, 2)
    assert query(
        settings, f"SELECT count(*) FROM raw_chess_com.games WHERE uuid = '{added['uuid']}'"
    ) == [(1,)]


def test_loading_the_same_month_twice_leaves_one_row_per_game(standin):
    settings = chess_settings(standin)
    ingest_chess(settings, now=NOW)
    standin.add_game(
        PLAYER, PREVIOUS, new_game(PREVIOUS)
    )  # the whole month is downloaded and merged again

    report = ingest_chess(settings, now=NOW)

    assert statuses(report)[f"{PLAYER} {PREVIOUS}"] is UnitStatus.LOADED
    assert games_per_month(settings)[PREVIOUS] == (434, 434)
    assert query(
        settings, "SELECT count(*) = count(DISTINCT (player, uuid)) FROM raw_chess_com.games"
    ) == [(True,)]


def test_a_closed_month_is_not_requested_once_settled(standin):
    settings = chess_settings(standin)
    ingest_chess(settings, now=NOW)
    standin.server.clear_log()

    ingest_chess(
        settings, now=NOW.replace(month=4)
    )  # 2025-02 is now closed and was fetched after it settled

    assert request_paths(standin) == [ChessComStandIn.archives_path(PLAYER), month_path(CURRENT)]


def test_nothing_new_loads_nothing_but_a_fetch_that_settles_a_month_is_remembered(standin):
    """The state of an unchanged month changes only when the fetch settles it: a run that finds nothing
    new has no state to commit and loads no package; the run that settles February commits it."""
    settings = chess_settings(standin)
    first_of_march = NOW.replace(day=1)  # February has not settled yet
    ingest_chess(settings, now=first_of_march)

    def loads() -> int:
        return query(settings, "SELECT count(*) FROM raw_chess_com._dlt_loads")[0][0]

    loaded = loads()
    assert ingest_chess(settings, now=first_of_march.replace(hour=18)).rows == 0
    assert loads() == loaded, "nothing new: no package loaded"

    ingest_chess(settings, now=NOW)  # February's 304 now settles it
    assert loads() == loaded + 1
    standin.server.clear_log()
    ingest_chess(settings, now=NOW.replace(month=4))
    assert request_paths(standin) == [ChessComStandIn.archives_path(PLAYER), month_path(CURRENT)]


def test_requests_are_serial_and_name_the_tool_its_version_and_the_contact(standin):
    standin.add_game("second_player", CURRENT, new_game())
    settings = chess_settings(standin, chess_usernames=f"{PLAYER},second_player")
    ingest_chess(settings, now=NOW)

    assert standin.server.max_in_flight == 1
    # every archives list first, then the months, player by player
    assert request_paths(standin) == [
        ChessComStandIn.archives_path(PLAYER),
        ChessComStandIn.archives_path("second_player"),
        *map(month_path, reversed(ALL_MONTHS)),
        ChessComStandIn.month_path("second_player", CURRENT),
    ]
    agents = {request.headers["user-agent"] for request in standin.requests}
    assert agents == {f"lifemetrics/{__version__} (contact: {CONTACT})"}


def test_without_a_contact_the_run_stops_before_any_request(standin):
    with pytest.raises(ContactMissing, match="LIFEMETRICS_CONTACT"):
        ingest_chess(chess_settings(standin, contact=None), now=NOW)
    assert standin.requests == []


def test_a_user_agent_without_contact_information_is_refused_and_stops_the_run(standin):
    settings = chess_settings(standin, contact="someone")
    with pytest.raises(UserAgentRefused, match="HTTP 403.*LIFEMETRICS_CONTACT"):
        ingest_chess(settings, now=NOW)
    assert request_paths(standin) == [ChessComStandIn.archives_path(PLAYER)]
    assert "403" in read_last_run(settings, "chess_com").error


def test_410_stops_the_run_and_keeps_the_months_loaded_before_it(standin):
    standin.inject_month(PLAYER, "2022-06", Fault(status=410))
    settings = chess_settings(standin)
    with pytest.raises(ResourceGone, match="410.*games/2022/06"):
        ingest_chess(settings, now=NOW)

    assert request_paths(standin)[-1] == month_path("2022-06")
    assert games_per_month(settings) == {CURRENT: (1, 1), PREVIOUS: (433, 433)}  # newest first


def test_429_is_retried_honouring_retry_after(standin, caplog):
    standin.inject_month(PLAYER, "2022-06", Fault(times=2, status=429, retry_after="1"))
    caplog.set_level(logging.WARNING, logger="lifemetrics")
    report = ingest_chess(chess_settings(standin), now=NOW)

    assert statuses(report)[f"{PLAYER} 2022-06"] is UnitStatus.LOADED
    assert request_paths(standin).count(month_path("2022-06")) == 3
    waits = [record.getMessage() for record in caplog.records if "HTTP 429" in record.getMessage()]
    assert len(waits) == 2 and all("waiting 1.0s" in message for message in waits)


def test_5xx_and_a_slow_answer_are_retried(standin):
    standin.inject_month(PLAYER, "2022-02", Fault(times=2, status=503))
    standin.inject_month(PLAYER, "2022-06", Fault(delay_seconds=5))
    report = ingest_chess(chess_settings(standin, http_timeout_seconds=1.5), now=NOW)

    assert not report.failed
    assert request_paths(standin).count(month_path("2022-02")) == 3
    assert request_paths(standin).count(month_path("2022-06")) == 2


def test_a_month_failing_five_times_is_reported_the_others_load_and_the_next_run_retries_it(
    standin,
):
    standin.inject_month(PLAYER, "2022-06", Fault(times=5, status=500))
    settings = chess_settings(standin, http_max_attempts=5)
    report = ingest_chess(settings, now=NOW)

    assert [unit.unit for unit in report.failures] == [f"{PLAYER} 2022-06"]
    assert "HTTP 500" in report.failures[0].detail and "5 attempts" in report.failures[0].detail
    assert request_paths(standin).count(month_path("2022-06")) == 5
    assert set(games_per_month(settings)) == {"2022-02", "2025-02", CURRENT}
    standin.server.clear_log()

    retried = ingest_chess(settings, now=NOW)

    assert statuses(retried)[f"{PLAYER} 2022-06"] is UnitStatus.LOADED
    retry_request = next(
        request for request in standin.requests if request.path == month_path("2022-06")
    )
    assert (
        "if-none-match" not in retry_request.headers
    )  # nothing of the failed month was remembered
    assert games_per_month(settings)["2022-06"] == (76, 76)


def test_a_404_month_is_reported_missing_and_the_run_goes_on(standin):
    standin.inject_month(PLAYER, "2022-02", Fault(status=404))
    report = ingest_chess(chess_settings(standin), now=NOW)

    assert statuses(report)[f"{PLAYER} 2022-02"] is UnitStatus.MISSING
    assert not report.failed
    assert report.count(UnitStatus.LOADED) == 3


def test_malformed_json_fails_that_month_loudly_and_keeps_what_was_loaded(standin, caplog):
    settings = chess_settings(standin)
    ingest_chess(settings, now=NOW)
    standin.add_game(PLAYER, PREVIOUS, new_game(PREVIOUS))
    standin.add_game(PLAYER, CURRENT, new_game())
    standin.inject_month(PLAYER, PREVIOUS, Fault(truncate_body=True))

    report = ingest_chess(settings, now=NOW)

    assert [unit.unit for unit in report.failures] == [f"{PLAYER} {PREVIOUS}"]
    assert "not valid JSON" in report.failures[0].detail
    assert any(
        record.levelno == logging.ERROR and f"{PLAYER} {PREVIOUS}" in record.getMessage()
        for record in caplog.records
    )
    assert games_per_month(settings)[PREVIOUS] == (433, 433)  # the earlier load is intact
    assert games_per_month(settings)[CURRENT] == (2, 2)  # the month after it loaded
    assert statuses(ingest_chess(settings, now=NOW))[f"{PLAYER} {PREVIOUS}"] is UnitStatus.LOADED


def test_an_unknown_player_is_reported_and_the_others_load(standin):
    report = ingest_chess(
        chess_settings(standin, chess_usernames=f"no_such_player,{PLAYER}"), now=NOW
    )

    assert statuses(report)["no_such_player archives"] is UnitStatus.FAILED
    assert report.failures[0].detail.startswith("no chess.com player 'no_such_player'")
    assert report.count(UnitStatus.LOADED) == len(ALL_MONTHS)


def test_logs_reports_and_run_records_hold_no_e_mail(standin, caplog):
    caplog.set_level(logging.DEBUG)
    standin.inject_month(PLAYER, "2022-06", Fault(times=5, status=500))
    settings = chess_settings(standin)
    report = ingest_chess(settings, now=NOW)
    with pytest.raises(UserAgentRefused) as refused:
        ingest_chess(chess_settings(standin, contact="someone"), now=NOW)

    texts = [caplog.text, str(refused.value), *(unit.detail for unit in report.units)]
    texts.append((settings.home / "runs" / "last_chess_com.json").read_text())
    assert not [text for text in texts if EMAIL.search(text)]


def test_a_long_history_streams_in_several_loads_each_game_once(standin):
    duplicate = new_game(CURRENT)
    standin.add_game(PLAYER, CURRENT, duplicate)
    standin.add_game(PLAYER, CURRENT, duplicate)  # twice in one month: the last copy is kept
    standin.add_game(PLAYER, "2025-04", duplicate)  # and in another month of the same load
    standin.add_game(PLAYER, "2022-02", duplicate)  # and in a month of a later load of the run
    settings = chess_settings(standin)
    report = ingest_chess(settings, now=NOW, batch_games=200)

    assert report.count(UnitStatus.LOADED) == 5
    loads = query(settings, "SELECT count(*) FROM raw_chess_com._dlt_loads")[0][0]
    # appends only (no month was loaded before, so no merge load), newest month first:
    # 2025-04 + 2025-03 + 433 | 76 + 177
    assert loads == 2
    assert query(settings, "SELECT count(*), count(DISTINCT uuid) FROM raw_chess_com.games") == [
        (FIXTURE_GAMES + 2,) * 2
    ]
    assert query(
        settings,
        f"SELECT archive_month FROM raw_chess_com.games WHERE uuid = '{duplicate['uuid']}'",
    ) == [
        ("2025-04",)  # its latest listing
    ]
    state_months = ingest_chess(
        settings, now=NOW
    )  # every month's validators were kept across the loads
    assert all(unit.status is UnitStatus.NOT_MODIFIED for unit in state_months.units)


def test_a_value_of_the_wrong_type_is_kept_in_its_variant_column_and_the_month_loads(standin):
    broken, fractional = new_game(), new_game()
    broken["pgn"] = 12345
    fractional["end_time"] = fractional["end_time"] + 0.5
    for game in (broken, fractional):
        standin.add_game(PLAYER, CURRENT, game)
    settings = chess_settings(standin)
    report = ingest_chess(settings, now=NOW)

    assert not report.failed
    assert report.count(UnitStatus.LOADED) == len(ALL_MONTHS)
    assert query(
        settings,
        "SELECT uuid, pgn, pgn__v_text, end_time, end_time__v_text FROM raw_chess_com.games "
        "WHERE pgn__v_text IS NOT NULL OR end_time__v_text IS NOT NULL ORDER BY pgn__v_text",
    ) == [
        (broken["uuid"], None, "12345", broken["end_time"], None),
        (fractional["uuid"], fractional["pgn"], None, None, str(fractional["end_time"])),
    ]


def test_without_usernames_the_run_stops_naming_the_setting(standin):
    with pytest.raises(ConfigError, match="LIFEMETRICS_CHESS_USERNAMES"):
        ingest_chess(chess_settings(standin, chess_usernames=""), now=NOW)
    assert standin.requests == []


def test_a_warehouse_held_by_another_process_fails_the_run_with_one_clear_error(standin, tmp_path):
    settings = chess_settings(standin)
    ingest_chess(settings, now=NOW)
    standin.add_game(PLAYER, CURRENT, new_game())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
            "time.sleep(120)",
            str(settings.warehouse_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseLoadFailed, match=str(settings.warehouse_path)):
            ingest_chess(settings, now=NOW)
    finally:
        holder.kill()
        holder.wait()
    assert statuses(ingest_chess(settings, now=NOW))[f"{PLAYER} {CURRENT}"] is UnitStatus.LOADED
    assert games_per_month(settings)[CURRENT] == (2, 2)


def test_a_lost_local_state_is_restored_from_the_warehouse_so_loaded_months_are_not_appended_again(
    standin,
):
    settings = chess_settings(standin)
    ingest_chess(settings, now=NOW)
    shutil.rmtree(
        settings.home / "dlt"
    )  # the pipeline's working directory is gone, the warehouse is not
    standin.add_game(PLAYER, CURRENT, new_game())

    report = ingest_chess(settings, now=NOW)

    assert statuses(report) == {
        f"{PLAYER} {PREVIOUS}": UnitStatus.NOT_MODIFIED,
        f"{PLAYER} {CURRENT}": UnitStatus.LOADED,
    }
    assert query(settings, "SELECT count(*), count(DISTINCT uuid) FROM raw_chess_com.games") == [
        (FIXTURE_GAMES + 2,) * 2
    ]
