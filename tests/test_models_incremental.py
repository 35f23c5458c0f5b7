"""Incremental builds give exactly the rows of a full refresh, over loads that bring late games (a game
landing in the previous month's archive after later games were loaded) and revised Oura days."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from lifemetrics.synthetic.health import generate_person
from lifemetrics.warehouse.build import build_and_publish
from models_support import MARTS, PLAYER, ZONE, Months, fixture_months, query, standins

FIRST_RUN = datetime(2025, 3, 1, 6, 0, tzinfo=timezone.utc)


def months_with_late_games() -> tuple[Months, list[dict]]:
    """The fixture months minus the last rapid and last other games of February 2025 (held back: they
    arrive late), plus a March 2025 of rapid games ending after all of them."""
    months = fixture_months()
    february = sorted(months["2025-02"], key=lambda game: game["end_time"])
    rapid = [game for game in february if game["time_class"] == "rapid"]
    late = rapid[-3:] + [game for game in february[-5:] if game["time_class"] != "rapid"]
    months["2025-02"] = [game for game in february if game not in late]
    march_start = int(datetime(2025, 3, 1, 1, tzinfo=timezone.utc).timestamp())
    june_rapid = [game for game in months["2022-06"] if game["time_class"] == "rapid"][:4]
    months["2025-03"] = [
        {**game, "uuid": f"march-{number}-{game['uuid']}", "end_time": march_start + 900 * number}
        for number, game in enumerate(june_rapid)
    ]
    return months, late


def differing_rows(incremental: Path, full: Path, table: str) -> int:
    """Rows in one file's `table` and not the other's (multiset difference both ways)."""
    with duckdb.connect() as connection:
        connection.execute(f"ATTACH '{incremental}' AS incremental (READ_ONLY)")
        connection.execute(f"ATTACH '{full}' AS full_refresh (READ_ONLY)")
        (count,) = connection.execute(
            f"SELECT count(*) FROM ("
            f"(SELECT * FROM incremental.{table} EXCEPT ALL SELECT * FROM full_refresh.{table}) UNION ALL "
            f"(SELECT * FROM full_refresh.{table} EXCEPT ALL SELECT * FROM incremental.{table}))"
        ).fetchone()
    return count


def test_incremental_builds_equal_a_full_refresh(tmp_path: Path) -> None:
    months, late = months_with_late_games()
    today = datetime.now(ZoneInfo(ZONE)).date()
    person = generate_person((today - timedelta(days=45), today - timedelta(days=4)), seed=11, timezone=ZONE)
    with standins(months, person) as loaded:
        settings = loaded.settings
        loaded.ingest_chess(now=FIRST_RUN)
        loaded.ingest_oura()
        assert build_and_publish(settings).full_refresh
        first_march_game = months["2025-03"][0]["uuid"]
        [(pre_game_before,)] = query(settings.analytics_path,
                                     "SELECT my_pre_game_rating FROM fct_chess_games WHERE uuid = ?", [first_march_game])

        # second load: late February games, a revised readiness day, a late nap, two new days
        for game in late:
            loaded.chess.add_game(PLAYER, "2025-02", game)
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

    assert {table: differing_rows(incremental, settings.analytics_path, table) for table in MARTS} == dict.fromkeys(MARTS, 0)
    late_rapid = [game for game in late if game["time_class"] == "rapid"]
    assert query(incremental, "SELECT count(*) FROM fct_chess_games") == [(sum(len(games) for games in months.values()) + len(late),)]
    [(pre_game_after,)] = query(incremental, "SELECT my_pre_game_rating FROM fct_chess_games WHERE uuid = ?", [first_march_game])
    hikaru_side = "white" if late_rapid[-1]["white"]["username"].lower() == PLAYER else "black"
    assert pre_game_after == late_rapid[-1][hikaru_side]["rating"] != pre_game_before
    assert query(incremental, "SELECT readiness_score, sleep_score FROM daily_health WHERE day = ?",
                 [revised_day]) == [(41.0, 52.0)]
    assert query(incremental, "SELECT max(day) FROM daily_health") == [(person.last_day,)]
    assert person.last_day == today - timedelta(days=2) and isinstance(person.last_day, date)
