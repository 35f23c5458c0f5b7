"""A LIFEMETRICS_HOME with an apostrophe, spaces and non-ASCII letters: the whole run still publishes."""

from __future__ import annotations

from pathlib import Path

import duckdb

from run_support import run_cli, running_standins

HOSTILE_DIR = "o'neill's data é ü 日本"


def test_a_run_in_a_home_with_quote_space_and_non_ascii_publishes_everything(tmp_path: Path) -> None:
    home = tmp_path / HOSTILE_DIR / "home"
    with running_standins() as standins:
        result = run_cli("run", env={**standins.env, "LIFEMETRICS_HOME": str(home)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    with duckdb.connect(str(home / "analytics.duckdb"), read_only=True) as connection:
        (games,) = connection.execute("SELECT count(*) FROM fct_chess_games").fetchone()
        (days,) = connection.execute("SELECT count(*) FROM daily_health").fetchone()
    assert games > 0 and days > 0
    assert (home / "dashboard" / "index.html").is_file()
