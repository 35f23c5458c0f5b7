"""`build_and_publish` on real chess.com months and a synthetic Oura wearer, loaded by the real ingestion:
what analytics.duckdb holds, checked against the API documents themselves."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest
from models_support import MARTS, PLAYER, ZONE, BuiltHome, built_home, fixture_months, query  # noqa: F401

from lifemetrics.chess_result_codes import draw_codes
from lifemetrics.warehouse.dbt_runner import DbtPaths, dbt_project

DRAW_CODES = set(draw_codes())


@dataclass
class Published:
    """The shared built home, read only."""

    built: BuiltHome

    @property
    def path(self) -> Path:
        return self.built.settings.analytics_path

    def rows(self, sql: str, parameters: list[object] | None = None) -> list[tuple]:
        return query(self.path, sql, parameters)


@pytest.fixture
def published(built_home: BuiltHome) -> Published:
    return Published(built_home)


def api_games() -> list[dict]:
    return [game for games in fixture_months().values() for game in games]


def test_every_mart_and_publish_info_stand_in_the_default_schema(published: Published) -> None:
    tables = published.rows(
        "SELECT table_schema, table_name FROM information_schema.tables ORDER BY 2"
    )
    assert tables == sorted(
        [("main", name) for name in [*MARTS, "publish_info"]], key=lambda row: row[1]
    )
    assert sorted(published.built.report.published_rows) == MARTS


def test_published_tables_carry_no_build_bookkeeping(published: Published) -> None:
    hidden = published.rows(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE starts_with(column_name, '_')"
    )
    assert hidden == []


def test_analytics_opens_as_an_attached_database(published: Published, tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "reader.duckdb")) as connection:
        connection.execute(f"ATTACH '{published.path}' AS analytics (READ_ONLY)")
        (games,) = connection.execute("SELECT count(*) FROM analytics.fct_chess_games").fetchone()
    assert games == len(api_games())


def test_publish_info_says_what_period_was_published(published: Published) -> None:
    [(published_at, chess_first, chess_last, health_first, health_last)] = published.rows(
        "SELECT * FROM publish_info"
    )
    local_dates = sorted(
        datetime.fromtimestamp(game["end_time"], ZoneInfo(ZONE)).date() for game in api_games()
    )
    assert (chess_first, chess_last) == (local_dates[0], local_dates[-1])
    assert (health_first, health_last) == (
        published.built.person.first_day,
        published.built.person.last_day,
    )
    assert abs((datetime.now(timezone.utc) - published_at).total_seconds()) < 3600


def test_each_game_is_seen_from_the_tracked_player(published: Published) -> None:
    games = api_games()
    assert published.rows("SELECT count(*), count(DISTINCT uuid) FROM fct_chess_games") == [
        (len(games), len(games))
    ]
    for game in games[::37]:
        mine, theirs = (game["white"], game["black"])
        if mine["username"].lower() != PLAYER:
            mine, theirs = theirs, mine
        ended = datetime.fromtimestamp(game["end_time"], ZoneInfo(ZONE))
        row = published.rows(
            "SELECT my_color, my_rating, opponent_username, opponent_rating, my_result_code, opponent_result_code, "
            "my_result, game_date, hour_of_day, is_standard FROM fct_chess_games WHERE uuid = ?",
            [game["uuid"]],
        )
        assert row == [
            (
                "white" if mine is game["white"] else "black",
                mine["rating"],
                theirs["username"],
                theirs["rating"],
                mine["result"],
                theirs["result"],
                result_class(mine["result"]),
                ended.date(),
                ended.hour,
                game["rules"] == "chess" and "[SetUp " not in game["pgn"],
            )
        ]


def result_class(code: str) -> str:
    return "win" if code == "win" else "draw" if code in DRAW_CODES else "loss"


def test_results_and_end_reasons_add_up_to_the_api_codes(published: Published) -> None:
    expected: dict[str, int] = {}
    for game in api_games():
        reason = (
            game["black"]["result"] if game["white"]["result"] == "win" else game["white"]["result"]
        )
        expected[reason] = expected.get(reason, 0) + 1
    assert (
        dict(published.rows("SELECT end_reason, count(*) FROM fct_chess_games GROUP BY 1"))
        == expected
    )


def test_pre_game_rating_is_the_previous_rating_in_the_same_pool(published: Published) -> None:
    previous: dict[tuple[str, str], int] = {}
    expected: dict[str, int | None] = {}
    for game in sorted(api_games(), key=lambda g: (g["end_time"], g["uuid"])):
        side = game["white"] if game["white"]["username"].lower() == PLAYER else game["black"]
        pool = (game["rules"], game["time_class"])
        expected[game["uuid"]] = previous.get(pool)
        previous[pool] = side["rating"]
    assert dict(published.rows("SELECT uuid, my_pre_game_rating FROM fct_chess_games")) == expected


def test_openings_count_only_standard_rapid_games(published: Published) -> None:
    expected: dict[int, int] = {}
    for game in api_games():
        if (
            game["time_class"] == "rapid"
            and game["rules"] == "chess"
            and "[SetUp " not in game["pgn"]
        ):
            year = datetime.fromtimestamp(game["end_time"], ZoneInfo(ZONE)).year
            expected[year] = expected.get(year, 0) + 1
    year_rows = published.rows(
        "SELECT year, total_games FROM agg_rapid_chess_monthly_openings "
        "WHERE month IS NULL AND pieces_color = 'overall' AND opening = 'overall'"
    )
    assert dict(year_rows) == expected
    chess960 = [game["uuid"] for game in api_games() if game["rules"] == "chess960"]
    assert chess960, "the fixtures hold chess960 games"


def test_each_rapid_day_details_its_games_in_the_order_they_ended(published: Published) -> None:
    """`game_details` is collected unordered and sorted after (ordered_structs on DuckDB): each day's
    list is that day's rapid games of the API, by end time then uuid."""
    expected: dict[str, list[str]] = {}
    for game in sorted(api_games(), key=lambda g: (g["end_time"], g["uuid"])):
        if game["time_class"] == "rapid" and game["rules"] == "chess":
            day = datetime.fromtimestamp(game["end_time"], ZoneInfo(ZONE)).date().isoformat()
            expected.setdefault(day, []).append(game["uuid"])
    rows = published.rows(
        "SELECT game_date::varchar, list_transform(game_details, d -> d.game_uuid) "
        "FROM agg_rapid_chess_daily"
    )
    assert dict(rows) == expected
    assert max(len(uuids) for uuids in expected.values()) > 1, "some day holds several games"


def test_ranked_openings_are_top_and_bottom_five_per_colour(published: Published) -> None:
    for table in ("ranked_best_openings", "ranked_worst_openings"):
        ranks = published.rows(
            f"SELECT pieces_color, list(rank ORDER BY rank) FROM {table} GROUP BY 1 ORDER BY 1"
        )
        assert ranks == [("black", [1, 2, 3, 4, 5]), ("white", [1, 2, 3, 4, 5])]
    best = published.rows(
        "SELECT min(win_ratio) FROM ranked_best_openings WHERE pieces_color = 'white'"
    )
    worst = published.rows(
        "SELECT max(win_ratio) FROM ranked_worst_openings WHERE pieces_color = 'white'"
    )
    assert best[0][0] >= worst[0][0]


def test_daily_health_holds_each_oura_day_once_with_its_scores(published: Published) -> None:
    person = published.built.person
    readiness = {doc["day"]: doc["score"] for doc in person.documents("daily_readiness")}
    sleep = {doc["day"]: doc["score"] for doc in person.documents("daily_sleep")}
    rows = published.rows(
        "SELECT CAST(day AS VARCHAR), readiness_score, sleep_score FROM daily_health"
    )
    assert len(rows) == len({day for day, _, _ in rows})
    by_day = {day: (ready, slept) for day, ready, slept in rows}
    for day, score in readiness.items():
        assert by_day[day] == (score, sleep.get(day))


def test_monthly_health_details_every_day_of_its_month(published: Published) -> None:
    months = published.rows(
        "SELECT year, month, len(daily_details) FROM agg_monthly_health ORDER BY 1, 2"
    )
    days = published.rows(
        "SELECT year, month, count(*) FROM daily_health GROUP BY 1, 2 ORDER BY 1, 2"
    )
    assert months == days


def test_every_data_test_and_unit_test_ran_and_passed(published: Published) -> None:
    """Counted from dbt's own run results: the dbt tests are part of this suite, not a separate step."""
    settings = published.built.settings
    manifest = dbt_project(settings).manifest()
    unit_tests = set(manifest.unit_tests)
    data_tests = {uid for uid, node in manifest.nodes.items() if node.resource_type == "test"}
    results = json.loads(
        (DbtPaths.for_settings(settings).target_dir / "run_results.json").read_text()
    )["results"]
    statuses = {result["unique_id"]: result["status"] for result in results}
    assert {uid for uid in statuses if uid.startswith("unit_test.")} == unit_tests
    assert {uid for uid in statuses if uid.startswith("test.")} == data_tests
    assert set(statuses.values()) == {"success", "pass"}
    assert "unit_test.lifemetrics.fct_chess_games.test_fct_chess_games" in statuses
    assert published.built.report.unit_tests == len(unit_tests) >= 9
    assert published.built.report.data_tests == len(data_tests) >= 40
