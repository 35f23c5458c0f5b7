"""The benchmark's smoke scenario runs from its one command and writes well-formed results (no timing checks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PHASES = (
    "ingest chess, whole process",
    "dlt's chess source",
    "reference loader",
    "back-fill",
    "extraction, one core",
    "daily, no change",
    "daily, new data",
)
STAGE_KEYS = {"name", "wall_s", "cpu_s", "peak_rss_mb", "max_rss_mb", "http", "spans", "detail"}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Run `python -m bench --scenario smoke` once, as a user would, and read its JSON."""
    out = tmp_path_factory.mktemp("bench")
    env = {name: value for name, value in os.environ.items() if not name.startswith("LIFEMETRICS_")}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--scenario",
            "smoke",
            "--out",
            str(out),
            "--cache-dir",
            str(out / "cache"),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert (out / "latest.md").read_text().startswith("# lifemetrics benchmark")
    return json.loads((out / "latest.json").read_text())


def stage(phase: dict, name: str) -> dict:
    return next(stage for stage in phase["stages"] if stage["name"] == name)


def test_results_name_machine_versions_and_every_phase(results: dict) -> None:
    assert results["machine"]["cores"] >= 1 and results["machine"]["memory_gb"] > 0
    assert results["versions"]["dlt"] and results["versions"]["duckdb"]
    assert results["bytecode"]["packages"]["lifemetrics"]["modules"] > 0
    phases = results["scenarios"]["smoke"]["phases"]
    assert tuple(phases) == PHASES
    for phase in phases.values():
        assert phase["error"] is None and phase["missing_hooks"] == []
        assert phase["process"]["exit_code"] == 0 and phase["process"]["max_rss_mb"] > 0
        assert phase["load"]["other_cpu_s"] >= 0 and len(phase["load"]["load_start"]) == 3
        for measured in phase["stages"]:
            assert (
                STAGE_KEYS <= set(measured)
                and measured["wall_s"] >= 0
                and measured["peak_rss_mb"] > 0
            )


def test_backfill_measures_every_stage_and_loads_every_served_game(results: dict) -> None:
    scenario = results["scenarios"]["smoke"]
    backfill = scenario["phases"]["back-fill"]
    names = [measured["name"] for measured in backfill["stages"]]
    assert names == [
        "startup (imports)",
        "ingest chess",
        "ingest oura",
        "dbt build and audit",
        "publish",
        "dashboard",
    ]
    chess = stage(backfill, "ingest chess")
    assert (
        chess["detail"]["rows"] == chess["detail"]["games_extracted"] == scenario["data"]["games"]
    )
    assert {"download chess", "dlt extract", "dlt normalize", "dlt load", "month tables"} <= set(
        chess["spans"]
    )
    assert chess["http"]["chess"]["bytes"] >= scenario["data"]["bytes"]
    assert stage(backfill, "dbt build and audit")["detail"]["full_refresh"] is True
    reference = stage(scenario["phases"]["reference loader"], "reference ingest chess")
    assert reference["detail"]["rows"] == scenario["data"]["games"]
    dlt_source = stage(scenario["phases"]["dlt's chess source"], "dlt's chess source ingest chess")
    assert dlt_source["detail"]["rows"] == scenario["data"]["games"]


def test_ingest_chess_runs_as_a_whole_process_on_every_month(results: dict) -> None:
    phases = results["scenarios"]["smoke"]["phases"]
    served = phases["ingest chess, whole process"]["server_requests"]
    assert (
        served["chess"] == stage(phases["back-fill"], "ingest chess")["http"]["chess"]["requests"]
    )
    assert served.get("oura", 0) == 0


def test_client_and_server_request_counts_agree(results: dict) -> None:
    for phase in results["scenarios"]["smoke"]["phases"].values():
        if phase.get("kind") == "command":
            continue  # `lifemetrics ingest chess` itself: the bench does not hook into it
        counted: dict[str, int] = {}
        for measured in phase["stages"]:
            for service, http in measured["http"].items():
                counted[service] = counted.get(service, 0) + http["requests"]
        served = {service: count for service, count in phase["server_requests"].items() if count}
        assert counted == served


def test_no_change_daily_run_asks_only_conditional_months(results: dict) -> None:
    scenario = results["scenarios"]["smoke"]
    daily = scenario["phases"]["daily, no change"]
    chess = stage(daily, "ingest chess")["http"]["chess"]
    assert chess["requests"] == scenario["allowed_daily_chess_requests"]
    assert (
        chess["paths"]["archives"] == 1 and chess["statuses"].get("304") == chess["paths"]["month"]
    )
    for name in ("reference loader / our chess ingestion", "`ingest chess` at least 15x dlt's"):
        target = next(t for t in results["targets"] if t["target"].startswith(name))
        assert target["measured"] > 0 and target["met"] in (True, False)


def test_new_data_run_is_incremental_and_loads_the_new_games(results: dict) -> None:
    daily = results["scenarios"]["smoke"]["phases"]["daily, new data"]
    assert stage(daily, "ingest chess")["detail"]["rows"] >= daily["changes"]["games"]["added"]
    assert stage(daily, "dbt build and audit")["detail"]["full_refresh"] is False
