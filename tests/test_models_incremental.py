"""Incremental builds give exactly the rows of a full refresh, over loads that bring late games (games
landing in the previous month's archive after later games were loaded) and revised Oura days."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
from models_support import MARTS, PLAYER, ZONE, Months, fixture_months, query, standins
from rows_support import comparable_rows, multiset_difference

from lifemetrics.synthetic.chess.games import generate_player_history
from lifemetrics.synthetic.health import generate_person
from lifemetrics.warehouse.build import build_and_publish

SYNTHETIC_PLAYER = "synthetic_player"
FIRST_RUN = datetime(2025, 3, 1, 6, 0, tzinfo=timezone.utc)


def hold_back(months: Months, month: str, late: list[dict]) -> None:
    """Remove `late` games from `month`: they reach the archive only after the first run."""
    months[month] = [game for game in months[month] if game not in late]


def real_months_with_late_games() -> tuple[Months, list[dict]]:
    """hikaru's fixture months minus the last rapid and last other games of February 2025, plus a March
    2025 of rapid games (real games of June 2022 re-dated) that end after all of them."""
    months = fixture_months()
    february = sorted(months["2025-02"], key=lambda game: game["end_time"])
    late = [game for game in february if game["time_class"] == "rapid"][-3:]
    late += [game for game in february[-5:] if game["time_class"] != "rapid"]
    hold_back(months, "2025-02", late)
    march_start = int(datetime(2025, 3, 1, 1, tzinfo=timezone.utc).timestamp())
    june_rapid = [game for game in months["2022-06"] if game["time_class"] == "rapid"][:4]
    months["2025-03"] = [
        {**game, "uuid": f"march-{number}-{game['uuid']}", "end_time": march_start + 900 * number}
        for number, game in enumerate(june_rapid)
    ]
    return months, late


def synthetic_months_with_late_games() -> tuple[Months, list[dict]]:
    """A generated history ending 1 March 2025 minus the last 6 games of February."""
    months = generate_player_history(SYNTHETIC_PLAYER, 300, seed=5, end=date(2025, 3, 1))
    late = months["2025-02"][-6:]
    hold_back(months, "2025-02", late)
    return months, late


def differing_rows(incremental: Path, full: Path, table: str) -> int:
    """Rows in one file's `table` and not the other's (multiset difference both ways)."""
    with duckdb.connect() as connection:
        connection.execute(f"ATTACH '{incremental}' AS incremental (READ_ONLY)")
        connection.execute(f"ATTACH '{full}' AS full_refresh (READ_ONLY)")
        return multiset_difference(
            comparable_rows(connection, f"SELECT * FROM incremental.{table}"),
            comparable_rows(connection, f"SELECT * FROM full_refresh.{table}"),
        )


def my_side(game: dict, player: str) -> dict:
    return game["white"] if game["white"]["username"].lower() == player else game["black"]


def test_incremental_builds_equal_a_full_refresh(tmp_path: Path) -> None:
    real, real_late = real_months_with_late_games()
    synthetic, synthetic_late = synthetic_months_with_late_games()
    today = datetime.now(ZoneInfo(ZONE)).date()
    person = generate_person(
        (today - timedelta(days=45), today - timedelta(days=4)), seed=11, timezone=ZONE
    )
    with standins({PLAYER: real, SYNTHETIC_PLAYER: synthetic}, person) as loaded:
        settings = loaded.settings
        loaded.ingest_chess(now=FIRST_RUN)
        loaded.ingest_oura()
        assert build_and_publish(settings).full_refresh
        first_march_game = real["2025-03"][0]["uuid"]
        [(pre_game_before,)] = query(
            settings.analytics_path,
            "SELECT my_pre_game_rating FROM fct_chess_games WHERE uuid = ?",
            [first_march_game],
        )

        # second load: late February games, a revised readiness day, a late nap, two new days
        for player, late in ((PLAYER, real_late), (SYNTHETIC_PLAYER, synthetic_late)):
            for game in late:
                loaded.chess.add_game(player, "2025-02", game)
        revised_day = person.last_day - timedelta(days=2)
        loaded.oura.revise("daily_readiness", revised_day, score=41)
        loaded.oura.add_nap(person.last_day - timedelta(days=3))
        loaded.oura.add_days(2)
        loaded.ingest_chess(now=FIRST_RUN + timedelta(hours=6))
        loaded.ingest_oura()
        assert not build_and_publish(settings).full_refresh

        # third load: a revised sleep score of a day already revised once
        loaded.oura.revise("daily_sleep", revised_day, score=52)
        loaded.ingest_oura()
        assert not build_and_publish(settings).full_refresh

    incremental = tmp_path / "incremental.duckdb"
    shutil.copy(settings.analytics_path, incremental)
    assert build_and_publish(settings, full_refresh=True).full_refresh

    assert {
        table: differing_rows(incremental, settings.analytics_path, table) for table in MARTS
    } == dict.fromkeys(MARTS, 0)
    all_games = sum(len(games) for months in (real, synthetic) for games in months.values())
    assert query(incremental, "SELECT count(*) FROM fct_chess_games") == [
        (all_games + len(real_late) + len(synthetic_late),)
    ]
    [(pre_game_after,)] = query(
        incremental,
        "SELECT my_pre_game_rating FROM fct_chess_games WHERE uuid = ?",
        [first_march_game],
    )
    last_late_rapid = [game for game in real_late if game["time_class"] == "rapid"][-1]
    assert pre_game_after == my_side(last_late_rapid, PLAYER)["rating"] != pre_game_before
    assert query(
        incremental,
        "SELECT readiness_score, sleep_score FROM daily_health WHERE day = ?",
        [revised_day],
    ) == [(41.0, 52.0)]
    assert query(incremental, "SELECT max(day) FROM daily_health") == [(today - timedelta(days=2),)]
