"""Publishing never waits for readers and never shows them a half-published state: analytics.duckdb is
replaced by an atomic rename of a completely written file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from models_support import (  # noqa: F401
    MARTS,
    PLAYER,
    ZONE,
    BuiltHome,
    built_home,
    file_digest,
    fixture_months,
    standins,
)

from lifemetrics.settings import Settings, load_settings
from lifemetrics.warehouse.build import build_and_publish
from lifemetrics.warehouse.publish import TMP_PREFIX, publish

READER = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1], read_only=True)
count = lambda: connection.execute("SELECT count(*) FROM fct_chess_games").fetchone()[0]
print(count(), flush=True)
sys.stdin.readline()
print(count(), flush=True)
connection.close()
connection = duckdb.connect(sys.argv[1], read_only=True)
print(count(), flush=True)
"""


def test_a_reader_holding_analytics_open_never_blocks_a_build() -> None:
    """Chess only (Oura never ingested): a reader keeps the old file until it reconnects."""
    months = fixture_months()
    with standins({PLAYER: {"2022-02": months["2022-02"]}}) as loaded:
        loaded.ingest_chess()
        build_and_publish(loaded.settings)
        reader = subprocess.Popen(
            [sys.executable, "-c", READER, str(loaded.settings.analytics_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            before = int(reader.stdout.readline())
            for game in months["2022-06"]:
                loaded.chess.add_game(PLAYER, "2022-06", game)
            loaded.ingest_chess()
            report = build_and_publish(loaded.settings)
            same_connection, reconnected = (
                int(line) for line in reader.communicate("go on\n", timeout=60)[0].split()
            )
        finally:
            reader.kill()
    assert before == same_connection == len(months["2022-02"])
    assert (
        reconnected
        == report.published_rows["fct_chess_games"]
        == len(months["2022-02"]) + len(months["2022-06"])
    )
    assert report.published_rows["daily_health"] == 0, (
        "a chess-only warehouse builds with empty health tables"
    )


@pytest.fixture
def settings(built_home: BuiltHome, isolated_env: Path) -> Settings:
    """This test's own copy of the built home."""
    shutil.copytree(built_home.home, isolated_env)
    return load_settings(timezone=ZONE)


def test_a_publish_that_fails_midway_leaves_the_published_file_as_it_was(
    settings: Settings,
) -> None:
    published = file_digest(settings.analytics_path)
    with pytest.raises(duckdb.CatalogException, match="no_such_table"):
        publish(settings, ["fct_chess_games", "no_such_table"])
    assert file_digest(settings.analytics_path) == published
    assert not list(settings.home.glob(f"{TMP_PREFIX}*"))


def test_publish_replaces_the_file_and_clears_what_a_crashed_publish_left(
    settings: Settings,
) -> None:
    leftover = settings.home / f"{TMP_PREFIX}crashed"
    leftover.write_bytes(b"half a database")
    old_inode = settings.analytics_path.stat().st_ino

    rows = publish(settings, MARTS)

    assert settings.analytics_path.stat().st_ino != old_inode
    assert not leftover.exists() and not list(settings.home.glob(f"{TMP_PREFIX}*"))
    with duckdb.connect(str(settings.analytics_path), read_only=True) as connection:
        assert {
            name: connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in MARTS
        } == rows
