"""One registry of sources: a third one added there shows in `lifemetrics run` and `status`."""

from __future__ import annotations

from pathlib import Path

import pytest
from steps_source import STEPS, steps_standin
from typer.testing import CliRunner

from lifemetrics.cli.main import _register_commands, app
from lifemetrics.errors import ConfigError
from lifemetrics.sources import registry
from lifemetrics.sources.chess_com.errors import ChessComError, MonthsFailed, RunStopped
from lifemetrics.sources.errors import RunStopped as SourceRunStopped
from lifemetrics.sources.errors import SourceError, UnitsFailed
from lifemetrics.sources.oura.errors import EndpointsFailed, OuraError, OuraScopeError

_register_commands()


def test_a_third_source_in_the_registry_is_run_and_shown_in_status(
    monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    monkeypatch.setattr(registry, "SOURCES", (*registry.SOURCES, STEPS))
    runner = CliRunner()
    with steps_standin():
        run = runner.invoke(app, ["run"], env={"COLUMNS": "200"})
        status = runner.invoke(app, ["status"], env={"COLUMNS": "200"})

    assert run.exit_code == 0, run.output
    rows = {line.split("│")[1].strip(): line for line in run.output.splitlines() if "│" in line}
    assert "ingest steps" in rows and "│           3 │" in rows["ingest steps"]
    assert "ingest chess" not in rows and "ingest oura" not in rows  # not configured here
    assert status.exit_code == 0, status.output
    lines = status.output.splitlines()
    assert "chess: never run here" in lines and "oura: never run here" in lines
    steps = lines.index(next(line for line in lines if line.startswith("steps: last run")))
    assert "ok (3 rows loaded, 1 requests)" in lines[steps]
    assert any("raw_steps: days 3 rows" in line for line in lines[steps:])
    assert any(line.startswith("  steps from http://127.0.0.1:") for line in lines[steps:])


def test_an_unknown_source_is_named_with_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="unknown source 'lichess': expected one of chess, oura"):
        registry.source_named("lichess")


def test_every_source_error_shares_one_base() -> None:
    assert issubclass(ChessComError, SourceError) and issubclass(OuraError, SourceError)
    assert issubclass(RunStopped, SourceRunStopped)
    assert issubclass(MonthsFailed, UnitsFailed) and issubclass(EndpointsFailed, UnitsFailed)
    scope = OuraScopeError("heartrate: HTTP 401", "heartrate", status=401)
    assert (str(scope), scope.status, scope.scope, scope.url) == (
        "heartrate: HTTP 401",
        401,
        "heartrate",
        None,
    )
