"""Whole processes side by side on the same served games: ours, dlt's chess source, the reference loader.

Each row holds medians over the rounds, the wall time's min-max, and how busy the machine was meanwhile
(load average when the runs started, CPU seconds other processes used during them), as issue 21 asks.
"""

from __future__ import annotations

import statistics
from typing import Any

# (phase name in the results, how the table names it)
APPROACHES = (
    ("ingest chess, whole process", "`lifemetrics ingest chess`"),
    ("dlt's chess source", "dlt's chess source (`bench/dlt_chess.py`)"),
    ("reference loader", "the bench's reference loader"),
    ("back-fill", "`lifemetrics run`, fresh home (engine analysis off)"),
    ("daily, no change", "`lifemetrics run`, nothing new"),
    ("back-fill, trino", "`LIFEMETRICS_ENGINE=trino lifemetrics run`, fresh home"),
    ("daily, no change, trino", "`LIFEMETRICS_ENGINE=trino lifemetrics run`, nothing new"),
    ("chess-job, spark, whole process", "`lifemetrics lakehouse chess-job` (store months + Spark)"),
    (
        "chess-job --no-download, spark, empty table",
        "`lifemetrics lakehouse chess-job --no-download` (Spark job alone, empty table)",
    ),
)


def _median(values: list[float | None]) -> float | None:
    """The median of the values that were recorded (None when none was)."""
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def _shown(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def approach_row(label: str, phase: dict[str, Any]) -> str:
    """One whole process: wall (min-max), CPU, peak RSS (largest process; the tree's summed), the
    tree's summed PSS, load at start, others' CPU and the speed probe (`load.speed_probe`), medians."""
    process = phase["process"]
    runs = phase.get("rounds") or [{**process, "load": phase.get("load")}]
    loads = [run.get("load") or {} for run in runs]
    load_start = _median([load["load_start"][0] for load in loads if load.get("load_start")])
    others = _median([load.get("other_cpu_s") for load in loads])
    probe = _median([load.get("speed_probe_s") for load in loads])
    walls = [run["wall_s"] for run in runs]
    spread = f" ({min(walls):,.1f}-{max(walls):,.1f})" if len(set(walls)) > 1 else ""
    return (
        f"| {label} | {process['wall_s']:,.1f}{spread} | {process['cpu_s']:,.1f} | "
        f"{process['max_rss_mb']:,.0f} | {_shown(process.get('tree_peak_rss_mb'), 0)} | "
        f"{_shown(process.get('tree_peak_pss_mb'), 0)} | "
        f"{_shown(load_start)} | {_shown(others, 1)} | {_shown(probe, 3)} |"
    )


def side_by_side(phases: dict[str, Any]) -> list[str]:
    """The table of one scenario's whole processes (the approaches that ran), as Markdown lines."""
    lines = [
        "| approach | wall s | CPU s | peak RSS MB | tree peak RSS MB | tree peak PSS MB "
        "| load at start | others' CPU s | speed probe s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [approach_row(label, phases[name]) for name, label in APPROACHES if name in phases]
    return lines


def services_table(phases: dict[str, Any]) -> list[str]:
    """The lakehouse services' own cost beside the phases that used them (empty when none did)."""
    rows = [
        f"| {label} | {service} | {figures['cpu_s']:,.1f} | {figures['peak_rss_mb']:,.0f} |"
        for name, label in APPROACHES
        for service, figures in phases.get(name, {}).get("services", {}).items()
    ]
    if not rows:
        return []
    return [
        "",
        "The lakehouse's services during those runs (process trees; `all`: their sum, its peak):",
        "",
        "| approach | service | CPU s | peak RSS MB |",
        "|---|---|---:|---:|",
        *rows,
    ]
