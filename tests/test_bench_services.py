"""The lakehouse scenario's service figures: a real process tree's memory and CPU are seen while a phase
runs, folded over rounds like every figure, and shown beside the phases that used the services."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from bench.rounds import fold_scenario
from bench.services import ServiceWatch
from bench.side_by_side import services_table

# A parent that starts a child holding 80 MB and spinning for a second of CPU (however loaded the machine),
# waits for it, says so, then idles.
SERVICE = """
import subprocess, sys
child = "import time\\nheld = bytearray(80 * 1024 * 1024)\\nwhile time.process_time() < 1.0: pass"
subprocess.run([sys.executable, "-c", child])
print("reaped", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def service() -> Iterator[subprocess.Popen[str]]:
    """A running "service" whose work happens in its child, as PostgreSQL's does in its backends."""
    process = subprocess.Popen(
        [sys.executable, "-c", SERVICE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait()


def test_the_watch_sees_the_memory_and_cpu_of_a_services_children(
    service: subprocess.Popen[str],
) -> None:
    with ServiceWatch({"catalog": service.pid}) as watch:
        assert service.stdout is not None
        assert service.stdout.readline() == "reaped\n"  # the child's second of CPU is spent
    figures = watch.result()
    assert figures["catalog"]["peak_rss_mb"] >= 80
    assert figures["catalog"]["cpu_s"] >= 0.5  # the child's, reaped by the service
    assert figures["all"] == figures["catalog"]


def test_no_services_cost_nothing() -> None:
    with ServiceWatch({}) as watch:
        pass
    assert watch.cpu_s() == 0 and watch.result() == {"all": {"peak_rss_mb": 0.0, "cpu_s": 0}}


def trino_round(cpu: float, rss: float) -> dict:
    """One round's result with a Trino back-fill that used the services."""
    phase = {
        "process": {"wall_s": cpu + 5, "cpu_s": cpu, "max_rss_mb": 300.0, "exit_code": 0},
        "stages": [],
        "services": {"trino": {"cpu_s": cpu, "peak_rss_mb": rss}},
        "error": None,
    }
    return {"scenario": {"name": "lakehouse-100k"}, "phases": {"back-fill, trino": phase}}


def test_service_figures_are_medians_over_rounds_and_shown_beside_their_phase() -> None:
    phases = fold_scenario([trino_round(40.0, 1500.0), trino_round(50.0, 1700.0)])["phases"]
    assert phases["back-fill, trino"]["services"]["trino"]["cpu_s"] == 45.0
    table = services_table(phases)
    assert (
        "| `LIFEMETRICS_ENGINE=trino lifemetrics run`, fresh home | trino | 45.0 | 1,600 |" in table
    )
    assert services_table({"back-fill": {"process": {}}}) == []
