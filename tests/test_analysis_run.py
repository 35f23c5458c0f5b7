"""The analysis as a step of `lifemetrics run` (within its time budget, then published by the same build), and
what happens without an engine: the command says how to install one; a run notes it and goes on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from analysis_support import requires_engine, rows
from run_support import running_standins

from lifemetrics.orchestration.run import RunSummary, _analyse, run_pipeline
from lifemetrics.settings import load_settings

LIFEMETRICS = str(Path(sys.executable).parent / "lifemetrics")


def test_analyse_without_an_engine_says_how_to_install_one(isolated_env: Path) -> None:
    env = {
        **os.environ,
        "LIFEMETRICS_CHESS_USERNAMES": "hikaru",
        "LIFEMETRICS_ENGINE_PATH": "/nowhere/stockfish",
    }
    result = subprocess.run(
        [LIFEMETRICS, "analyse", "chess"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "no executable chess engine at /nowhere/stockfish" in result.stderr
    assert "apt-get install stockfish" in result.stderr


def test_a_run_without_an_engine_notes_it_and_goes_on() -> None:
    summary = RunSummary()
    settings = load_settings(
        chess_usernames="hikaru", engine_path="no-such-engine", analysis_run_seconds=5
    )
    _analyse(settings, summary, lambda tick: None)
    assert summary.analysis is None and summary.failed_steps == []
    assert summary.analysis_note.startswith("not run: no chess engine 'no-such-engine'")


@pytest.mark.engine
@requires_engine
def test_a_run_analyses_within_its_budget_and_publishes_the_analysis(
    monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    budget = (
        5  # 120 games at 300 nodes take about 15 s on a quiet 2-core machine: the budget ends first
    )

    with running_standins(games=120, days=14) as standins:
        for name, value in standins.env.items():
            monkeypatch.setenv(name, value)
        settings = load_settings(analysis_run_seconds=budget, analysis_nodes=300)
        summary = run_pipeline(settings, sources=["chess"])
    assert summary.ok, summary.failed_steps
    report = summary.analysis
    assert report is not None and report.analysed > 0 and report.failed == []
    assert report.budget_spent and report.left > 0
    assert report.seconds < budget + 10  # games in progress stop at the next position
    [(published,)] = rows(settings.analytics_path, "SELECT count(*) FROM fct_chess_game_analysis")
    assert published == report.analysed
