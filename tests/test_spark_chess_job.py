"""The Spark chess job against the single-process loader: the real hikaru months, stored in the object store
as the stand-in served them, make the same raw games table (every game column, keyed by player and uuid);
a second run changes nothing; a month that gained a game (with a field chess.com added) merges it; the
spark-submit command the Airflow DAG runs works. Real Spark (local[2]), SeaweedFS and PostgreSQL,
started once per session, in the lakehouse environment (`make lakehouse`)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyiceberg")

from models_support import PLAYER, standins  # noqa: E402
from rows_support import comparable  # noqa: E402
from run_support import run_cli  # noqa: E402

from lifemetrics.lakehouse.chess_job import (  # noqa: E402
    LOAD_ID,
    TABLE_NAME,
    run_chess_job,
    spark_submit_command,
)
from lifemetrics.lakehouse.chess_months import month_key, store_chess_months  # noqa: E402
from lifemetrics.lakehouse.connection import lakehouse_connection  # noqa: E402
from lifemetrics.lakehouse.errors import LakehouseError  # noqa: E402
from lifemetrics.lakehouse.local import LocalLakehouse, services_for  # noqa: E402
from lifemetrics.lakehouse.object_store import object_store  # noqa: E402
from lifemetrics.lakehouse.spark_session import spark_session  # noqa: E402
from lifemetrics.settings import Settings  # noqa: E402
from lifemetrics.sources.chess_com import ingest_chess  # noqa: E402
from lifemetrics.standins.chess_com import ChessComStandIn  # noqa: E402

pytestmark = pytest.mark.lakehouse
MONTH_AFTER_THE_LAST = datetime(2025, 3, 1, 6, tzinfo=UTC)  # 2025-02, the last month, is re-read
Games = dict[tuple[str, str], dict[str, object]]


@pytest.fixture(scope="session")
def lakehouse_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A home whose local lakehouse (S3 store and catalog: what Spark needs) runs for the session."""
    home = tmp_path_factory.mktemp("spark-chess-job") / "home"
    local = LocalLakehouse(home / "lakehouse")
    local.up(services=services_for("spark"))
    try:
        yield home
    finally:
        local.down()


@pytest.fixture(scope="session")
def first_run(lakehouse_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Games:
    """The fixture months stored and merged by the job once; the single-process loader's games of
    the same months."""
    with standins(home=lakehouse_home, engine="spark") as loaded:
        stored = store_chess_months(loaded.settings)
        assert not stored.failed and stored.rows > 0, stored.units
        run_chess_job(loaded.settings)
        return single_process_games(loaded.chess, tmp_path_factory.mktemp("duckdb"))


def single_process_games(chess: ChessComStandIn, home: Path, now: datetime | None = None) -> Games:
    """What `ingest_chess` (dlt into warehouse.duckdb) loads from `chess`: its game columns by key."""
    with standins(players={}, home=home) as loaded:
        settings = loaded.settings.model_copy(
            update={"chess_api_url": chess.api_url, "chess_usernames": [PLAYER]}
        )
        assert not ingest_chess(settings, now=now).failed
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as warehouse:
        return games_by_key(
            warehouse.execute("SELECT * FROM raw_chess_com.games").fetch_arrow_table()
        )


def games_by_key(table: pa.Table) -> Games:
    """Each row's game columns (bookkeeping `_*` columns left out), comparable, by (player, uuid)."""
    columns = [name for name in table.column_names if not name.startswith("_")]
    return {
        (row["player"], row["uuid"]): {name: comparable(row[name]) for name in columns}
        for row in table.select(columns).to_pylist()
    }


def lake_table(settings: Settings) -> pa.Table:
    """The job's raw_chess_com.games, read through Spark."""
    return spark_session(settings).table(TABLE_NAME).toArrow()


def assert_same_games(on_spark: Games, single_process: Games) -> None:
    """Same keys, and every game column equal in every game (the differing ones named)."""
    assert sorted(on_spark) == sorted(single_process)
    differing = [key for key, row in single_process.items() if on_spark[key] != row]
    assert differing == [], {
        column: (on_spark[differing[0]].get(column), value)
        for column, value in single_process[differing[0]].items()
        if on_spark[differing[0]].get(column) != value
    }


@pytest.fixture
def spark_settings(lakehouse_home: Path) -> Settings:
    """The lakehouse home's settings on engine spark (no chess.com: the months are stored)."""
    with standins(players={}, home=lakehouse_home, engine="spark") as loaded:
        return loaded.settings


def test_the_jobs_games_equal_the_single_process_loaders(
    first_run: Games, spark_settings: Settings
) -> None:
    on_spark = lake_table(spark_settings)
    assert len(first_run) == on_spark.num_rows > 600
    assert_same_games(games_by_key(on_spark), first_run)
    assert on_spark.column(LOAD_ID).null_count == 0


def test_a_second_run_requests_only_the_list_and_changes_nothing(
    first_run: Games, lakehouse_home: Path
) -> None:
    with standins(home=lakehouse_home, engine="spark") as loaded:
        before = lake_table(loaded.settings).sort_by(
            [("player", "ascending"), ("uuid", "ascending")]
        )
        stored = store_chess_months(loaded.settings)
        assert (stored.requests, stored.units) == (1, [])  # every month settled and stored
        report = run_chess_job(loaded.settings)
        after = lake_table(loaded.settings).sort_by(
            [("player", "ascending"), ("uuid", "ascending")]
        )
    assert report.table_rows == len(first_run)
    assert after.equals(before)  # load ids included: no game was rewritten


def test_a_month_that_gained_a_game_merges_it(
    first_run: Games, lakehouse_home: Path, tmp_path: Path
) -> None:
    last_month = "2025-02"
    with standins(home=lakehouse_home, engine="spark") as loaded:
        game = loaded.chess.games(PLAYER, last_month)[-1]
        late = {**game, "uuid": f"late-{game['uuid']}", "end_time": game["end_time"] + 600}
        loaded.chess.add_game(PLAYER, last_month, {**late, "streak_bonus": {"days": 3}})
        stored = store_chess_months(loaded.settings, now=MONTH_AFTER_THE_LAST)
        assert [unit.unit for unit in stored.units] == [f"{PLAYER} {last_month}"]
        run_chess_job(loaded.settings)
        single_process = single_process_games(loaded.chess, tmp_path, MONTH_AFTER_THE_LAST)
    on_spark = games_by_key(lake_table(loaded.settings))
    assert len(on_spark) == len(first_run) + 1
    assert on_spark[(PLAYER, late["uuid"])]["streak_bonus__days"] == 3
    assert_same_games(on_spark, single_process)


def test_spark_submit_runs_the_job_and_the_cli_fails_in_one_line(
    first_run: Games, spark_settings: Settings
) -> None:
    """The DAG's command: spark-submit of chess_job.py in a process of its own."""
    env = {**os.environ, "LIFEMETRICS_HOME": str(spark_settings.home)}
    submitted = subprocess.run(
        spark_submit_command(spark_settings), env=env, capture_output=True, text=True, timeout=600
    )
    assert submitted.returncode == 0, submitted.stderr[-3000:]
    assert f"games merged into {TABLE_NAME}" in submitted.stdout
    empty = {"LIFEMETRICS_HOME": str(spark_settings.home / "elsewhere")}
    failed = run_cli("lakehouse", "chess-job", "--no-download", env=empty)
    assert failed.returncode == 1
    assert failed.stderr.startswith("error: listing s3://lake/raw/chess_com failed")
    assert len(failed.stderr.strip().splitlines()) == 1


def test_a_bad_stored_month_fails_the_job_in_one_line(
    first_run: Games, spark_settings: Settings
) -> None:
    store = object_store(lakehouse_connection(spark_settings))
    bad = store.path(month_key(PLAYER, "2021-01"))
    with store.filesystem().open_output_stream(bad) as stream:
        stream.write(b'{"games": [')
    try:
        with pytest.raises(
            LakehouseError, match=r"failed: .*2021/01.json is not valid JSON"
        ) as error:
            run_chess_job(spark_settings)
        assert "\n" not in str(error.value)
    finally:
        store.filesystem().delete_file(bad)
    assert lake_table(spark_settings).num_rows == len(first_run) + 1  # as the last test left it


def test_month_keys_follow_the_api_layout() -> None:
    assert month_key(PLAYER, "2025-02") == "raw/chess_com/hikaru/2025/02.json"
