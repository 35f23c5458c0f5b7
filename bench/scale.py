"""The single-process path and the Spark path per million games: what a bigger club's history would cost.

Figures are the measured whole processes (medians over rounds) scaled linearly to one million games;
CPU seconds count the services' too (the object store and the catalog work for the Spark path).
"""

from __future__ import annotations

from typing import Any

from bench.spark import JOB_ONLY_PHASE, JOB_PHASE

LOADERS = (
    ("ingest chess, whole process", "`lifemetrics ingest chess` (DuckDB)"),
    (JOB_PHASE, "`lakehouse chess-job` (store months + Spark)"),
    (JOB_ONLY_PHASE, "`chess-job --no-download` (Spark alone)"),
)
MILLION = 1_000_000
MB = 1024 * 1024


def per_million(phase: dict[str, Any], games: int) -> dict[str, Any]:
    """One loader's figures per million games, its memory and the bytes it left on disk."""
    process = phase["process"]
    services = phase.get("services", {}).get("all", {})
    cpu = process["cpu_s"] + services.get("cpu_s", 0.0)
    return {
        "games_per_s": round(games / process["wall_s"]),
        "wall_s_per_million": round(process["wall_s"] * MILLION / games, 1),
        "cpu_s_per_million": round(cpu * MILLION / games, 1),
        "tree_peak_rss_mb": process.get("tree_peak_rss_mb", process["max_rss_mb"]),
        "services_peak_rss_mb": services.get("peak_rss_mb"),
        "by_kind": process.get("peak_rss_mb_by_kind", {}),
        "disk": phase.get("disk", {}),
    }


def _kinds(by_kind: dict[str, float]) -> str:
    return ", ".join(f"{kind} {value:,.0f}" for kind, value in by_kind.items())


def _disk(disk: dict[str, int]) -> str:
    return ", ".join(f"{name} {size / MB:,.0f} MB" for name, size in disk.items())


def scale_table(phases: dict[str, Any], games: int) -> list[str]:
    """The loaders side by side per million games (empty unless a Spark phase ran)."""
    if JOB_PHASE not in phases:
        return []
    lines = [
        "",
        f"Per million games (measured on {games:,}, scaled linearly; CPU includes the services'; "
        "memory: the process tree's summed peak, then each kind's, `root` being the command's own "
        "process: in local mode Spark's executors are threads of the driver's `java`):",
        "",
        "| loader | games/s | wall s / 1M | CPU s / 1M | tree peak MB | services peak MB "
        "| peak MB by kind | on disk |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, label in LOADERS:
        if name not in phases:
            continue
        row = per_million(phases[name], games)
        services = row["services_peak_rss_mb"]
        rate = (
            f"{row['games_per_s']:,} | {row['wall_s_per_million']:,.1f} | "
            f"{row['cpu_s_per_million']:,.1f}"
        )
        if phases[name].get("error"):  # what it cost until it failed is no rate
            label, rate = f"{label}, **failed**", "| |"
        lines.append(
            f"| {label} | {rate} | {row['tree_peak_rss_mb']:,.0f} | "
            f"{'' if services is None else f'{services:,.0f}'} | {_kinds(row['by_kind'])} | "
            f"{_disk(row['disk'])} |"
        )
    return lines
