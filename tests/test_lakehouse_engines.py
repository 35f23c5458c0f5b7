"""The lakehouse engines (LIFEMETRICS_ENGINE=trino and =spark) against DuckDB: the same raw data (the real
hikaru months and a synthetic Oura history) publishes the same rows in every table on each; on each, a bad
raw row on Iceberg fails the audit and leaves analytics' snapshot ids as they were, a publish killed
(SIGKILL) half-way leaves the last publish, and an incremental build (merges on Iceberg) equals a full
refresh. Runs in the lakehouse environment (`make lakehouse`): each engine's home has its local lakehouse,
started once per session (Spark runs in this process, on local[2])."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

pytest.importorskip("trino")
pytest.importorskip("pyiceberg")

from models_support import PLAYER, ZONE, file_digest, standins  # noqa: E402
from pyiceberg.table.snapshots import ancestors_of  # noqa: E402
from rows_support import comparable_rows  # noqa: E402
from run_support import kill_at, run_cli  # noqa: E402

from lifemetrics.lakehouse.catalog import iceberg_catalog  # noqa: E402
from lifemetrics.lakehouse.connection import lakehouse_connection  # noqa: E402
from lifemetrics.lakehouse.local import LocalLakehouse, services_for  # noqa: E402
from lifemetrics.lakehouse.manifest import ANALYTICS_SCHEMA, published_manifest  # noqa: E402
from lifemetrics.lakehouse.spark_session import spark_session  # noqa: E402
from lifemetrics.lakehouse.trino_client import trino_cursor  # noqa: E402
from lifemetrics.settings import Settings, load_settings  # noqa: E402
from lifemetrics.standins.demo import DEMO_PLAYER  # noqa: E402
from lifemetrics.warehouse.build import AuditFailed, build_and_publish  # noqa: E402

pytestmark = pytest.mark.lakehouse
MONTH_AFTER_THE_LAST = datetime(2025, 3, 1, 6, tzinfo=UTC)  # the fixtures' last month is 2025-02


ENGINES = ("trino", "spark")


@pytest.fixture(scope="session")
def lakehouse_homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A home per lakehouse engine whose local lakehouse (the services its engine uses) runs for the
    whole session (stopped at its end)."""
    root = tmp_path_factory.mktemp("lakehouse")
    started = []
    try:
        for engine in ENGINES:
            local = LocalLakehouse(root / engine / "lakehouse")
            started.append(local)
            local.up(services=services_for(engine))
        yield {engine: root / engine for engine in ENGINES}
    finally:
        for local in started:
            local.down()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def lakehouse_home(lakehouse_homes: dict[str, Path], engine: str) -> Path:
    return lakehouse_homes[engine]


@pytest.fixture
def engine_settings(lakehouse_home: Path, engine: str) -> Settings:
    """The settings of the engine's lakehouse home."""
    return load_settings(home=lakehouse_home, timezone=ZONE, engine=engine)


@pytest.fixture(scope="session")
def on_duckdb(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Every table DuckDB publishes from the same raw data."""
    home = tmp_path_factory.mktemp("duckdb")
    with standins(home=home) as loaded:
        loaded.ingest_chess()
        loaded.ingest_oura()
        build_and_publish(loaded.settings)
    return published(home / "analytics.duckdb")


def published(path: Path) -> dict[str, list[str]]:
    """Every published table's rows, comparable and sorted (publish_info left out: it holds the publish
    time; floats as rows_support compares them: Trino adds in its own order)."""
    with duckdb.connect(str(path), read_only=True) as connection:
        tables = connection.execute("SELECT table_name FROM information_schema.tables").fetchall()
        return {
            table: comparable_rows(connection, f'SELECT * FROM "{table}"')
            for (table,) in tables
            if table != "publish_info"
        }


def test_every_published_table_has_the_same_rows_as_on_duckdb(
    lakehouse_home: Path, engine: str, on_duckdb: dict[str, list[str]]
) -> None:
    with standins(home=lakehouse_home, engine=engine) as loaded:
        loaded.ingest_chess()
        loaded.ingest_oura()
        build_and_publish(loaded.settings)
    on_lakehouse = published(lakehouse_home / "analytics.duckdb")
    expected = {name: rows for name, rows in on_duckdb.items() if name != "health_score_drivers"}
    # health_score_drivers is a dbt Python model: DuckDB only (README, lakehouse section)
    assert sorted(on_lakehouse) == sorted(expected)
    different = [name for name in expected if expected[name] != on_lakehouse[name]]
    assert different == []
    assert on_lakehouse["fct_chess_games"] and on_lakehouse["daily_health"]


def raw_games(settings: Settings, sql: str) -> None:
    """Run one statement on the engine in namespace raw_chess_com (to plant or remove a bad raw row)."""
    if settings.engine == "spark":
        spark = spark_session(settings)
        spark.catalog.setCurrentDatabase("raw_chess_com")
        spark.sql(sql).collect()
        return
    with trino_cursor(lakehouse_connection(settings), "raw_chess_com") as cursor:
        cursor.execute(sql)
        cursor.fetchall()


def test_a_bad_raw_row_on_iceberg_fails_the_audit_and_leaves_the_analytics_snapshots(
    engine_settings: Settings,
) -> None:
    settings = engine_settings
    before = published_manifest(settings)
    exported = file_digest(settings.analytics_path)
    assert before
    raw_games(settings, "CREATE TABLE kept_game AS SELECT * FROM games ORDER BY uuid LIMIT 1")
    raw_games(settings, "INSERT INTO games SELECT * FROM kept_game")  # the same game twice
    try:
        with pytest.raises(AuditFailed, match="unique_combination_of_columns_stg_chess_com__games"):
            build_and_publish(settings)
        assert published_manifest(settings) == before
        assert file_digest(settings.analytics_path) == exported
    finally:
        raw_games(settings, "DELETE FROM games WHERE uuid IN (SELECT uuid FROM kept_game)")
        raw_games(settings, "INSERT INTO games SELECT * FROM kept_game")
        raw_games(settings, "DROP TABLE kept_game")  # raw as it was: the next test's build passes


def test_a_publish_killed_on_iceberg_leaves_the_last_publish_then_the_next_build_publishes(
    engine_settings: Settings,
) -> None:
    settings = engine_settings
    before = published_manifest(settings)
    exported = published(settings.analytics_path)
    env = {
        "LIFEMETRICS_HOME": str(settings.home),
        "LIFEMETRICS_TIMEZONE": ZONE,
        "LIFEMETRICS_ENGINE": settings.engine,
    }
    kill_at("lakehouse-publish", env, "build", "--full-refresh")
    assert published_manifest(settings) == before  # some tables replaced, no manifest row written
    assert published(settings.analytics_path) == exported
    build_and_publish(settings, full_refresh=True)
    after = published_manifest(settings)
    assert sorted(after) == sorted(before) and after != before
    assert published(settings.analytics_path) == exported


INCREMENTAL_MODELS = (
    "fct_chess_games",
    "agg_rapid_chess_daily",
    "daily_health",
    "agg_monthly_health",
)


def audit_snapshots(settings: Settings) -> dict[str, int]:
    """The current Iceberg snapshot id of each incremental model's table in namespace audit."""
    catalog = iceberg_catalog(lakehouse_connection(settings))
    tables = {name: catalog.load_table(f"audit.{name}") for name in INCREMENTAL_MODELS}
    return {name: table.current_snapshot().snapshot_id for name, table in tables.items()}


def rebuilt_since(settings: Settings, snapshots: dict[str, int]) -> list[str]:
    """The incremental models whose table no longer descends from its snapshot in `snapshots`: a merge
    adds snapshots on top of it, a table rebuilt in full starts a new lineage (its first parent none)."""
    catalog = iceberg_catalog(lakehouse_connection(settings))
    rebuilt = []
    for name, before in snapshots.items():
        table = catalog.load_table(f"audit.{name}")
        lineage = ancestors_of(table.current_snapshot(), table.metadata)
        if before not in {snapshot.snapshot_id for snapshot in lineage}:
            rebuilt.append(name)
    return rebuilt


def test_an_incremental_build_merges_and_equals_a_full_refresh(
    lakehouse_home: Path, engine: str
) -> None:
    with standins(home=lakehouse_home, engine=engine) as loaded:
        last_month = "2025-02"
        game = loaded.chess.games(PLAYER, last_month)[-1]
        late = {**game, "uuid": f"late-{game['uuid']}", "end_time": game["end_time"] + 600}
        loaded.chess.add_game(PLAYER, last_month, late)
        loaded.oura.revise("daily_readiness", loaded.person.last_day - timedelta(days=2), score=41)
        loaded.oura.add_days(1)
        loaded.ingest_chess(now=MONTH_AFTER_THE_LAST)  # re-reads the month before `now`
        loaded.ingest_oura()
        before = audit_snapshots(loaded.settings)
        assert not build_and_publish(loaded.settings).full_refresh
        assert rebuilt_since(loaded.settings, before) == []
        assert audit_snapshots(loaded.settings)["fct_chess_games"] != before["fct_chess_games"]
        incremental = published(loaded.settings.analytics_path)
        assert build_and_publish(loaded.settings, full_refresh=True).full_refresh
    assert published(loaded.settings.analytics_path) == incremental
    assert any(f"late-{game['uuid']}" in row for row in incremental["fct_chess_games"])


def trino_count(settings: Settings, player: str) -> int:
    """How many games of `player` Trino serves from lake.analytics.fct_chess_games."""
    with trino_cursor(lakehouse_connection(settings), ANALYTICS_SCHEMA) as cursor:
        cursor.execute("SELECT count(*) FROM fct_chess_games WHERE player = ?", [player])
        [(count,)] = cursor.fetchall()
    return count


def test_lifemetrics_demo_and_status_on_trino(lakehouse_homes: dict[str, Path]) -> None:
    """`LIFEMETRICS_ENGINE=trino lifemetrics demo` (run's own pipeline) with its lakehouse already up,
    then `status`: Trino and analytics.duckdb hold the demo's games. Last: it adds the demo's player."""
    settings = load_settings(home=lakehouse_homes["trino"], timezone=ZONE, engine="trino")
    env = {
        "LIFEMETRICS_HOME": str(settings.home),
        "LIFEMETRICS_ENGINE": "trino",
        "LIFEMETRICS_ANALYSIS_RUN_SECONDS": "0",
    }
    demo = ("demo", "--home", str(settings.home), "--games", "300", "--days", "60")
    ran = run_cli(*demo, env=env, timeout=900)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "lakehouse up: Trino http://127.0.0.1:" in ran.stdout
    assert "INFO:" not in ran.stdout + ran.stderr  # no library's log lines on the user's console
    assert "The demo's lakehouse keeps running; stop it with:" in " ".join(ran.stdout.split())
    with duckdb.connect(str(settings.analytics_path), read_only=True) as exported:
        [(in_file,)] = exported.execute(
            "SELECT count(*) FROM fct_chess_games WHERE player = ?", [DEMO_PLAYER]
        ).fetchall()
    assert trino_count(settings, DEMO_PLAYER) == in_file == 300
    shown = run_cli("status", env=env)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "set aside" in shown.stdout and "Traceback" not in shown.stderr


def test_status_with_the_lakehouse_down_says_so_in_one_line(tmp_path: Path, engine: str) -> None:
    """`lifemetrics status` on a home whose lakehouse is stopped: the sources' lines, then one line saying
    the lakehouse did not answer (no traceback, exit 0)."""
    home = tmp_path / "home"
    stopped = LocalLakehouse(home / "lakehouse")
    stopped.up(services=services_for("spark"))
    stopped.down()
    duckdb.connect(str(home / "warehouse.duckdb")).close()
    env = {"LIFEMETRICS_HOME": str(home), "LIFEMETRICS_ENGINE": engine}
    shown = run_cli("status", env=env, timeout=300)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert f"the lakehouse ({engine}) did not answer" in " ".join(shown.stdout.split())
    assert "Traceback" not in shown.stderr and "Exception" not in shown.stderr
