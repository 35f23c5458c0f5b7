"""A run that loaded nothing new skips build, publish and dashboard; new data, --full-refresh or a missing
dashboard build again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from run_support import PLAYER, Standins, published_rows, running_standins

from lifemetrics.orchestration.run import RunSummary, run_pipeline
from lifemetrics.settings import load_settings


@pytest.fixture
def standins(monkeypatch: pytest.MonkeyPatch) -> Iterator[Standins]:
    with running_standins() as running:
        for name, value in running.env.items():
            monkeypatch.setenv(name, value)
        yield running


def outputs(home: Path) -> dict[str, int]:
    """Modification times of what a build, publish and dashboard write."""
    paths = ("analytics.duckdb", "dashboard/index.html", "dbt/target/run_results.json")
    return {path: (home / path).stat().st_mtime_ns for path in paths}


def run() -> RunSummary:
    summary = run_pipeline(load_settings())
    assert summary.ok, summary.failed_steps
    return summary


def test_nothing_new_skips_build_publish_and_dashboard_until_something_changes(
    standins: Standins, isolated_env: Path
) -> None:
    first = run()
    assert first.published_at is not None and first.up_to_date_since is None
    written = outputs(isolated_env)
    published = published_rows(isolated_env / "analytics.duckdb")

    unchanged = run()
    assert unchanged.up_to_date_since == first.published_at
    assert (
        unchanged.audit == "not run"
        and unchanged.published_at is None
        and unchanged.dashboard is None
    )
    assert outputs(isolated_env) == written

    month = standins.months[-1]
    game = {**standins.chess.games(PLAYER, month)[-1], "uuid": str(uuid.uuid4())}
    game["url"] = f"{game['url']}0"
    standins.chess.add_game(PLAYER, month, game)
    with_new_game = run()
    assert with_new_game.up_to_date_since is None and with_new_game.published_at is not None
    assert published_rows(isolated_env / "analytics.duckdb") != published
    assert run().up_to_date_since == with_new_game.published_at

    assert run_pipeline(load_settings(), full_refresh=True).published_at is not None

    (isolated_env / "dashboard" / "index.html").unlink()
    rebuilt = run()
    assert rebuilt.up_to_date_since is None and rebuilt.dashboard is not None
