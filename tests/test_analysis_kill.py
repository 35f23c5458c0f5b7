"""A move analysis killed with SIGKILL in the middle loses at most the games in progress: running it again
analyses every game exactly once, and leaves no engine process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from analysis_support import TEST_NODES, copy_home, ingested, real_months, requires_engine, rows

from lifemetrics.analysis.engine import find_engine

pytestmark = [pytest.mark.engine, requires_engine]

GAMES = 6
LIFEMETRICS = str(Path(sys.executable).parent / "lifemetrics")


@pytest.fixture(scope="module")
def ingested_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("kill") / "ingested"
    with ingested(home, {"hikaru": real_months()}):
        return home


def analysed_games(warehouse: Path) -> int:
    """Games written so far; the analysis holds the file only briefly, so a busy file is asked again."""
    while True:
        try:
            with duckdb.connect(str(warehouse), read_only=True) as connection:
                tables = connection.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw_analysis'"
                ).fetchone()
                return (
                    connection.execute("SELECT count(*) FROM raw_analysis.games").fetchone()[0]
                    if tables[0]
                    else 0
                )
        except duckdb.IOException:
            time.sleep(0.05)


def engine_processes(engine: Path) -> list[int]:
    """Pids of running processes started from `engine`."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if (
                entry.name.isdigit()
                and (entry / "cmdline").read_bytes().split(b"\0")[0] == str(engine).encode()
            ):
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def analyse(env: dict[str, str], games: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [LIFEMETRICS, "analyse", "chess", "--max-games", str(games)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_killed_analysis_resumes_and_analyses_every_game_exactly_once(
    ingested_home: Path, tmp_path: Path
) -> None:
    home = copy_home(ingested_home, tmp_path / "home")
    engine = (
        tmp_path / "stockfish"
    )  # its own name, so this test's engine processes can be told apart
    engine.symlink_to(find_engine("stockfish"))
    env = {
        "LIFEMETRICS_HOME": str(home),
        "LIFEMETRICS_CHESS_USERNAMES": "hikaru",
        "LIFEMETRICS_ANALYSIS_NODES": str(TEST_NODES),
        "LIFEMETRICS_ENGINE_PATH": str(engine),
    }
    warehouse = home / "warehouse.duckdb"

    first = analyse(env, GAMES)
    deadline = time.monotonic() + 300
    while analysed_games(warehouse) < 2:
        assert first.poll() is None, first.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    first.send_signal(signal.SIGKILL)
    first.wait()
    committed = rows(warehouse, "SELECT uuid, _dlt_load_id FROM raw_analysis.games")
    assert 2 <= len(committed) < GAMES
    # written games are whole, the game in progress left nothing behind
    assert (
        rows(
            warehouse,
            """
        SELECT g.uuid FROM raw_analysis.games AS g LEFT JOIN raw_analysis.moves AS m USING (uuid)
        GROUP BY g.uuid, g.plies HAVING count(m.ply) <> g.plies""",
        )
        == []
    )
    assert rows(
        warehouse,
        "SELECT count(*) FROM raw_analysis.moves WHERE uuid NOT IN "
        "(SELECT uuid FROM raw_analysis.games)",
    ) == [(0,)]
    deadline = time.monotonic() + 15
    while engine_processes(engine):  # the engines see their input close and quit
        assert time.monotonic() < deadline, "engines left running after the kill"
        time.sleep(0.2)

    second = analyse(env, GAMES - len(committed))  # the rest of the same newest games
    assert second.wait(timeout=600) == 0, second.stderr.read().decode()
    analysed = rows(warehouse, "SELECT uuid, _dlt_load_id FROM raw_analysis.games")
    newest = rows(
        warehouse,
        """SELECT uuid FROM raw_chess_com.games WHERE rules = 'chess'
                                ORDER BY end_time DESC, uuid LIMIT ?""",
        [GAMES],
    )
    assert sorted(uuid for uuid, _ in analysed) == sorted(uuid for (uuid,) in newest)
    assert set(committed) <= set(analysed)  # the first run's games were not analysed again
    assert len({load for _, load in analysed}) == 2
    assert rows(
        warehouse,
        """
        SELECT count(*) FROM raw_analysis.games AS g
        WHERE g.plies <> (SELECT count(*) FROM raw_analysis.moves AS m WHERE m.uuid = g.uuid)""",
    ) == [(0,)]
    assert engine_processes(engine) == []
