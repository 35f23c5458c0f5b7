"""A phase's process tree is measured whole: a child that outlives its parent (as Spark's JVM outlives
the pyspark driver) has its CPU seconds counted and its memory in the tree's peak."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.processes import run_phase
from bench.rounds import fold_phase
from bench.scale import per_million
from bench.tree import become_subreaper

# A "driver" that starts a child holding 80 MB and spinning for 1 CPU second, and exits before it.
DRIVER = """
import subprocess, sys
child = "import time\\nheld = bytearray(80 * 1024 * 1024)\\nwhile time.process_time() < 1.0: pass"
subprocess.Popen([sys.executable, "-c", child])
import time; time.sleep(0.5)
"""


@pytest.fixture
def driver_phase(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict:
    """run_phase on the driver above, as a `command` phase."""
    monkeypatch.setattr(
        "bench.processes.phase_argv", lambda config, *paths: [sys.executable, "-c", DRIVER]
    )
    return run_phase({"kind": "command", "args": []}, tmp_path, "driver")


def test_an_orphaned_childs_cpu_and_memory_count_in_the_phase(driver_phase: dict) -> None:
    if not become_subreaper():
        pytest.skip("no prctl(PR_SET_CHILD_SUBREAPER) here")
    process = driver_phase["process"]
    assert process["exit_code"] == 0 and process["orphans_left"] == []
    assert process["orphans_cpu_s"] >= 0.9  # the child spun on after the driver exited
    assert process["cpu_s"] >= process["orphans_cpu_s"]
    assert process["tree_peak_rss_mb"] >= 80 > process["peak_rss_mb_by_kind"]["root"]


def test_no_orphan_is_left_a_zombie(driver_phase: dict) -> None:
    children = subprocess.run(
        ["ps", "-o", "stat=", "--ppid", str(os.getpid())],
        capture_output=True,
        text=True,
    ).stdout.split()
    assert not [state for state in children if state.startswith("Z")]


def test_tree_figures_fold_over_rounds_and_scale_per_million() -> None:
    runs = [
        {
            "process": {
                "wall_s": wall,
                "cpu_s": wall,
                "max_rss_mb": 500.0,
                "tree_peak_rss_mb": peak,
            },
            "stages": [],
            "services": {"all": {"cpu_s": 10.0, "peak_rss_mb": 300.0}},
        }
        for wall, peak in ((100.0, 1500.0), (120.0, 1700.0))
    ]
    phase = fold_phase(runs)
    assert phase["process"]["tree_peak_rss_mb"] == 1600.0
    figures = per_million(phase, 250_000)
    assert figures["wall_s_per_million"] == 440.0 and figures["cpu_s_per_million"] == 480.0
    assert figures["games_per_s"] == 2273 and figures["services_peak_rss_mb"] == 300.0
