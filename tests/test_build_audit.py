"""Write-audit-publish: data failing a table-level test makes `lifemetrics build` fail naming the test and
its failing rows, leaves analytics.duckdb byte-for-byte as it was, and the build after the fix publishes
again; a raw row failing a row-level check is set aside, named, and everything else published."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from models_support import ZONE, BuiltHome, built_home, execute, file_digest, query  # noqa: F401

from lifemetrics.errors import EXIT_ROWS_SET_ASIDE
from lifemetrics.settings import Settings, load_settings
from lifemetrics.warehouse import dbt_runner
from lifemetrics.warehouse.build import AuditFailed, NotAudited, build_and_publish, publish_audited

GAME = "(SELECT min(uuid) FROM raw_chess_com.games WHERE time_class = 'rapid')"
DAY = "(SELECT max(day) FROM raw_oura.daily_readiness)"


@dataclass(frozen=True)
class BadRow:
    """Bad raw data, the test it must trip, and how to undo it."""

    inject: str
    failing_test: str
    fix: str


BAD_ROWS = {
    "duplicated game": BadRow(
        f"INSERT INTO raw_chess_com.games SELECT * FROM raw_chess_com.games WHERE uuid = {GAME}",
        "test unique_combination_of_columns_stg_chess_com__games_player__uuid (1 failing row, e.g. player=hikaru, uuid=",
        f"DELETE FROM raw_chess_com.games WHERE rowid = (SELECT max(rowid) FROM raw_chess_com.games WHERE uuid = {GAME})",
    ),
}
# Row-level problems: the row is set aside with this reason, the rest is published.
SET_ASIDE_ROWS = {
    "unknown result code": BadRow(
        f"UPDATE raw_chess_com.games SET white__result = 'teleported' WHERE uuid = {GAME}",
        "chess_com games hikaru/",
        "(white__result not a known value: teleported)",
    ),
    "readiness score of 140": BadRow(
        f"UPDATE raw_oura.daily_readiness SET score = 140 WHERE day = {DAY}",
        "oura daily_readiness ",
        "(score not between 1 and 100: 140)",
    ),
}


@pytest.fixture
def settings(built_home: BuiltHome, isolated_env: Path) -> Settings:
    """Settings of this test's own copy of the built home."""
    shutil.copytree(built_home.home, isolated_env)
    return load_settings(timezone=ZONE)


def lifemetrics_build(settings: Settings) -> subprocess.CompletedProcess[str]:
    """`lifemetrics build` in its own process, as a user or cron runs it."""
    env = {**os.environ, "LIFEMETRICS_HOME": str(settings.home), "LIFEMETRICS_TIMEZONE": ZONE}
    command = [str(Path(sys.executable).with_name("lifemetrics")), "build"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


def test_build_of_unchanged_models_says_its_unit_tests_were_skipped(settings: Settings) -> None:
    built = lifemetrics_build(settings)  # the copied home holds a passed build of these models

    assert built.returncode == 0, built.stdout + built.stderr
    assert "incremental" in built.stdout
    assert "skipped (models unchanged)" in built.stdout


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_raw_data_fails_the_build_and_leaves_analytics_unchanged(
    settings: Settings, case: str
) -> None:
    bad = BAD_ROWS[case]
    published = file_digest(settings.analytics_path)
    execute(settings.warehouse_path, bad.inject)

    failed = lifemetrics_build(settings)

    assert failed.returncode == 1, failed.stdout + failed.stderr
    error = " ".join(failed.stderr.split())
    assert error.startswith("error: audit failed, analytics.duckdb left unchanged:"), error
    assert bad.failing_test in error
    assert file_digest(settings.analytics_path) == published
    with pytest.raises(NotAudited):
        publish_audited(settings)

    execute(settings.warehouse_path, bad.fix)
    report = build_and_publish(settings)

    assert report.full_refresh, "the build after a failed audit rebuilds from raw"
    assert report.unit_tests >= 9, "and runs the unit tests again"
    assert file_digest(settings.analytics_path) != published
    assert query(settings.analytics_path, "SELECT count(*) FROM fct_chess_games") == query(
        settings.warehouse_path, "SELECT count(*) FROM raw_chess_com.games"
    )


@pytest.mark.parametrize("case", list(SET_ASIDE_ROWS))
def test_a_row_failing_its_checks_is_set_aside_named_and_the_rest_published(
    settings: Settings, case: str
) -> None:
    bad = SET_ASIDE_ROWS[case]
    games = query(settings.analytics_path, "SELECT count(*) FROM fct_chess_games")[0][0]
    execute(settings.warehouse_path, bad.inject)

    built = lifemetrics_build(settings)

    assert built.returncode == EXIT_ROWS_SET_ASIDE, built.stdout + built.stderr
    output = " ".join(built.stdout.split())
    assert "1 row set aside" in output and bad.failing_test in output and bad.fix in output
    chess_set_aside = 1 if case == "unknown result code" else 0
    assert query(settings.analytics_path, "SELECT count(*) FROM fct_chess_games") == [
        (games - chess_set_aside,)
    ]
    if case == "readiness score of 140":
        [(day,)] = query(settings.warehouse_path, f"SELECT {DAY}")
        assert query(
            settings.analytics_path, "SELECT readiness_score FROM daily_health WHERE day = ?", [day]
        ) == [(None,)]


def test_a_failing_unit_test_blocks_publishing(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fct unit test expecting 17.7 s instead of the clock's 17.6 s: although the models are those
    of the last passed build, the changed unit test runs again, the audit fails, nothing is published."""
    project = tmp_path / "models"
    shutil.copytree(
        dbt_runner.PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs")
    )
    chess = project / "marts" / "chess" / "_chess.yml"
    expected = "my_remaining_time_seconds: 17.6, opponent_remaining_time_seconds: 112.7"
    assert expected in chess.read_text()
    chess.write_text(chess.read_text().replace(expected, expected.replace("17.6", "17.7")))
    monkeypatch.setattr(dbt_runner, "PROJECT_DIR", project)
    monkeypatch.setattr(dbt_runner, "_manifests", {})
    published = file_digest(settings.analytics_path)

    with pytest.raises(
        AuditFailed, match=r"unit_test test_fct_chess_games \(actual differs from expected\)"
    ):
        build_and_publish(settings)

    assert file_digest(settings.analytics_path) == published


def test_a_build_past_its_memory_limit_names_the_limit_and_publishes_nothing(
    settings: Settings,
) -> None:
    """DuckDB runs dbt's build under LIFEMETRICS_BUILD_MEMORY_LIMIT: far too little fails the build
    with DuckDB's own message and the setting to raise, and analytics.duckdb stays as it was."""
    published = file_digest(settings.analytics_path)

    with pytest.raises(AuditFailed) as failed:
        build_and_publish(settings.model_copy(update={"build_memory_limit": "4MB"}))

    assert "Out of Memory Error" in str(failed.value)
    assert str(failed.value).endswith("raise LIFEMETRICS_BUILD_MEMORY_LIMIT)")
    assert file_digest(settings.analytics_path) == published
