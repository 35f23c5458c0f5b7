"""One bad record never holds the rest hostage, and raw follows what the APIs serve now: broken rows are
set aside (named, not published) while every other row is published; a mended row leaves the quarantine by
itself; games and documents removed upstream leave raw and every published table; a game listed in two
months is one row; after each scenario the published tables equal a clean full build of what upstream
serves now (incremental = full refresh, rows added and removed)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from models_support import PLAYER, ZONE, fixture_months, query
from run_support import environment_of, published_rows, run_cli

from lifemetrics.errors import EXIT_ROWS_SET_ASIDE
from lifemetrics.settings import Settings, load_settings
from lifemetrics.sources.chess_com import ingest_chess
from lifemetrics.sources.oura import ingest_oura
from lifemetrics.standins.chess_com import ChessComStandIn
from lifemetrics.standins.oura import OuraStandin
from lifemetrics.synthetic.health import generate_person
from lifemetrics.warehouse.build import build_and_publish

# "Now" of the chess-only scenarios: 2025-02 (a fixture month) is the previous month, re-read every run.
NOW = datetime(2025, 3, 15, 12, tzinfo=UTC)
Months = dict[str, list[dict[str, Any]]]


def copy_of(game: dict[str, Any], ended_at: datetime) -> dict[str, Any]:
    """A real game under a fresh uuid and url, ended at `ended_at`."""
    fresh = copy.deepcopy(game)
    key = uuid.uuid4()
    fresh["uuid"] = str(key)
    fresh["url"] = f"https://www.chess.com/game/live/{key.int % 10**12}"
    fresh["end_time"] = int(ended_at.timestamp())
    fresh["start_time"] = fresh["end_time"] - 600
    return fresh


def rapid_games(months: Months) -> list[dict[str, Any]]:
    """The fixtures' rapid games (those the daily and opening aggregates count)."""
    return [game for games in months.values() for game in games if game["time_class"] == "rapid"]


def chess_settings(standin: ChessComStandIn, home: Path) -> Settings:
    """Settings of a home tracking hikaru on `standin`."""
    return load_settings(
        home=home,
        chess_api_url=standin.api_url,
        chess_usernames=[PLAYER],
        contact="tests@lifemetrics.invalid",
        timezone=ZONE,
        http_backoff_seconds=0.01,
    )


def ingest(settings: Settings, now: datetime | None = NOW) -> None:
    """Load what chess.com serves now; no month may fail (a bad game is the row's problem, not the month's)."""
    report = ingest_chess(settings, now=now)
    assert not report.failed, report.failures


def clean_build(months: Months, home: Path) -> dict[str, list[tuple]]:
    """The published tables of a new home that loads `months` once and builds from scratch."""
    with ChessComStandIn({PLAYER: months}) as standin:
        settings = chess_settings(standin, home)
        ingest(settings)
        build_and_publish(settings)
    return published_rows(settings.analytics_path)


def published_uuids(settings: Settings) -> list[str]:
    return sorted(
        uuid for (uuid,) in query(settings.analytics_path, "SELECT uuid FROM fct_chess_games")
    )


def test_three_broken_games_are_set_aside_named_and_published_once_mended(tmp_path: Path) -> None:
    months = fixture_months()
    served = copy.deepcopy(months)
    unknown_code, rating_as_text, no_time_class = served["2025-02"][:3]
    unknown_code["white"]["result"] = "teleported"
    rating_as_text["black"]["rating"] = str(rating_as_text["black"]["rating"])
    del no_time_class["time_class"]
    twice = served["2022-06"][0]
    served["2025-02"].append(
        copy.deepcopy(twice)
    )  # listed in two months: one row, the later month's
    broken = sorted(game["uuid"] for game in (unknown_code, rating_as_text, no_time_class))
    every_game = sorted({game["uuid"] for games in served.values() for game in games})

    with ChessComStandIn({PLAYER: served}) as standin:
        settings = chess_settings(standin, tmp_path / "home")
        ingest(settings)
        report = build_and_publish(settings)

        assert report.set_aside.count == 3
        assert sorted(row.record_key for row in report.set_aside.first) == [
            f"{PLAYER}/{key}" for key in broken
        ]
        checks = {
            row.record_key.split("/")[1]: (row.failed_check, row.raw_value)
            for row in report.set_aside.first
        }
        assert checks[unknown_code["uuid"]] == ("white__result not a known value", "teleported")
        assert checks[rating_as_text["uuid"]] == (
            "black__rating is not of its type",
            rating_as_text["black"]["rating"],
        )
        assert checks[no_time_class["uuid"]] == ("required field time_class missing", None)
        for key in broken:
            assert key in report.set_aside.summary()
        assert published_uuids(settings) == sorted(set(every_game) - set(broken))
        assert query(
            settings.warehouse_path,
            "SELECT archive_month FROM raw_chess_com.games WHERE uuid = ?",
            [twice["uuid"]],
        ) == [("2025-02",)]

        mended = copy.deepcopy(months["2025-02"]) + [copy.deepcopy(twice)]
        standin.set_games(PLAYER, "2025-02", mended)
        ingest(settings)  # the previous month is re-read: the mended games replace the broken ones
        report = build_and_publish(settings)

        assert report.set_aside.count == 0
        assert not report.full_refresh
        assert published_uuids(settings) == every_game
        served["2025-02"] = mended
        assert published_rows(settings.analytics_path) == clean_build(served, tmp_path / "clean")


def test_a_month_shrinking_from_20_to_10_games_loses_the_10_in_raw_and_every_published_table(
    tmp_path: Path,
) -> None:
    months = fixture_months()
    templates = rapid_games(months)
    months["2025-03"] = [
        copy_of(templates[n % len(templates)], NOW - timedelta(days=n % 5, hours=n))
        for n in range(20)
    ]
    kept, removed = months["2025-03"][:10], months["2025-03"][10:]

    with ChessComStandIn({PLAYER: months}) as standin:
        settings = chess_settings(standin, tmp_path / "home")
        ingest(settings)
        build_and_publish(settings)
        assert set(game["uuid"] for game in removed) <= set(published_uuids(settings))

        standin.set_games(PLAYER, "2025-03", kept)
        ingest(settings)
        assert query(
            settings.warehouse_path,
            "SELECT count(*) FROM raw_chess_com.games WHERE archive_month = '2025-03'",
        ) == [(10,)]
        report = build_and_publish(settings)

        assert not report.full_refresh
        published = published_uuids(settings)
        assert not set(game["uuid"] for game in removed) & set(published)
        assert set(game["uuid"] for game in kept) <= set(published)
        details = query(
            settings.analytics_path,
            "SELECT list(d.game_uuid) FROM agg_rapid_chess_daily, unnest(game_details) AS t(d)",
        )[0][0]
        assert not set(game["uuid"] for game in removed) & set(details)
        months["2025-03"] = kept
        assert published_rows(settings.analytics_path) == clean_build(months, tmp_path / "clean")


@contextmanager
def both_standins(chess: Months) -> Iterator[tuple[ChessComStandIn, OuraStandin, dict[str, str]]]:
    """chess.com serving `chess`, Oura a synthetic wearer of 40 days, and the LIFEMETRICS_* variables."""
    person = generate_person(40, seed=3, timezone=ZONE)
    with ChessComStandIn({PLAYER: chess}) as standin, OuraStandin(person) as oura:
        env = environment_of(
            {
                "chess_api_url": standin.api_url,
                "chess_usernames": [PLAYER],
                "contact": "tests@lifemetrics.invalid",
                "oura_api_url": oura.url,
                "oura_token": oura.issue_token(lifetime=None),
                "timezone": ZONE,
            }
        )
        yield standin, oura, env


def test_a_game_of_the_year_41688_and_an_oura_score_in_words_are_set_aside_and_the_rest_shown(
    tmp_path: Path,
) -> None:
    now = datetime.now(UTC)
    current = f"{now - timedelta(hours=2):%Y-%m}"
    templates = rapid_games(fixture_months())
    months = {
        "2025-02": fixture_months()["2025-02"],
        current: [copy_of(templates[n], now - timedelta(hours=2, minutes=n)) for n in range(3)],
    }
    far_future = months[current][0]
    far_future["end_time"] = 1_253_307_254_400  # in the year 41688
    with both_standins(months) as (standin, oura, env):
        env["LIFEMETRICS_HOME"] = str(tmp_path / "home")
        words_day = oura.person.last_day - timedelta(days=1)
        oura.revise("daily_readiness", words_day, score="eighty")

        first = run_cli("run", env=env)

        assert first.returncode == EXIT_ROWS_SET_ASIDE, first.stdout + first.stderr
        output = " ".join(first.stdout.split())
        assert "2 rows set aside" in output
        assert (
            f"chess_com games {PLAYER}/{far_future['uuid']} (end_time not between 2007-01-01 and tomorrow"
            in output
        )
        assert f"oura daily_readiness {words_day} (score is not of its type: eighty)" in output
        assert "dashboard:" in output and (tmp_path / "home" / "dashboard" / "index.html").exists()
        analytics = tmp_path / "home" / "analytics.duckdb"
        assert query(analytics, "SELECT count(*) FROM fct_chess_games") == [
            (len(months["2025-02"]) + 2,)
        ]
        assert query(
            analytics, "SELECT readiness_score FROM daily_health WHERE day = ?", [words_day]
        ) == [(None,)]
        status = run_cli("status", env=env)
        assert f"{PLAYER}/{far_future['uuid']}" in status.stdout and str(words_day) in status.stdout

        far_future["end_time"] = int((now - timedelta(hours=2)).timestamp())
        standin.set_games(PLAYER, current, months[current])
        oura.revise("daily_readiness", words_day, score=80)
        removed_day = oura.person.last_day - timedelta(days=2)
        oura.remove("daily_sleep", removed_day)

        second = run_cli("run", env=env)

        assert second.returncode == 0, second.stdout + second.stderr
        assert "set aside" not in second.stdout
        assert query(
            analytics, "SELECT readiness_score FROM daily_health WHERE day = ?", [words_day]
        ) == [(80.0,)]
        assert query(
            analytics, "SELECT sleep_score FROM daily_health WHERE day = ?", [removed_day]
        ) == [(None,)]
        assert "no raw rows" in run_cli("status", env=env).stdout
        clean = load_settings(**{"home": tmp_path / "clean", **_settings_of(env)})
        assert not ingest_chess(clean).failed and not ingest_oura(clean).failed
        build_and_publish(clean)
        assert published_rows(analytics) == published_rows(clean.analytics_path)


def _settings_of(env: dict[str, str]) -> dict[str, object]:
    """The settings overrides behind LIFEMETRICS_* variables (the home left out)."""
    names = {
        "LIFEMETRICS_CHESS_API_URL": "chess_api_url",
        "LIFEMETRICS_CHESS_USERNAMES": "chess_usernames",
        "LIFEMETRICS_CONTACT": "contact",
        "LIFEMETRICS_OURA_API_URL": "oura_api_url",
        "LIFEMETRICS_OURA_TOKEN": "oura_token",
        "LIFEMETRICS_TIMEZONE": "timezone",
    }
    return {setting: env[variable] for variable, setting in names.items()}


def test_a_looping_next_token_stops_that_endpoint_after_one_repeat_and_the_others_load(
    tmp_path: Path,
) -> None:
    person = generate_person(20, seed=5, timezone=ZONE)
    with OuraStandin(person) as oura:
        oura.loop_paging("daily_readiness")
        settings = load_settings(
            home=tmp_path / "home",
            oura_api_url=oura.url,
            timezone=ZONE,
            oura_token=oura.issue_token(lifetime=None),
            http_backoff_seconds=0.01,
        )

        report = ingest_oura(settings)

        [failed] = report.failures
        assert failed.unit == "daily_readiness" and "paging loop" in failed.detail
        readiness_requests = [
            request for request in oura.requests if request.path.endswith("/daily_readiness")
        ]
        assert 2 <= len(readiness_requests) <= 3
        loaded = {unit.unit for unit in report.units if unit.rows}
        assert {"daily_sleep", "daily_activity", "sleep", "heartrate"} <= loaded
        assert "loop-daily_readiness" not in failed.detail  # the paging token itself is never shown


def test_raw_follows_the_listing_a_later_month_takes_a_game_and_an_emptied_month_loses_its_games(
    tmp_path: Path,
) -> None:
    months = fixture_months()
    moving = months["2025-02"][0]
    months["2025-03"] = [
        copy_of(game, NOW - timedelta(hours=n)) for n, game in enumerate(rapid_games(months)[:3])
    ]
    with ChessComStandIn({PLAYER: months}) as standin:
        settings = chess_settings(standin, tmp_path / "home")
        ingest(settings)
        standin.add_game(
            PLAYER, "2025-03", copy.deepcopy(moving)
        )  # now listed in 2025-02 and 2025-03
        ingest(settings)
        ingest(settings)  # 2025-02, read again, still lists it: the later listing stays

        month_of = (
            "SELECT archive_month, count(*) FROM raw_chess_com.games WHERE uuid = ? GROUP BY 1"
        )
        assert query(settings.warehouse_path, month_of, [moving["uuid"]]) == [("2025-03", 1)]

        standin.set_games(PLAYER, "2025-03", [])
        ingest(settings)

        per_month = "SELECT archive_month, count(*) FROM raw_chess_com.games GROUP BY 1"
        assert "2025-03" not in dict(query(settings.warehouse_path, per_month))
        # 2025-02 did not change (304): its copy of the game comes back when it is read in full again
        report = ingest_chess(settings, now=NOW, since=date(2025, 2, 1))
        assert not report.failed
        assert dict(query(settings.warehouse_path, per_month)) == {
            month: len(games) for month, games in fixture_months().items()
        }
        assert query(settings.warehouse_path, month_of, [moving["uuid"]]) == [("2025-02", 1)]
