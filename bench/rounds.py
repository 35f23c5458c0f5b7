"""Interleaved rounds folded into one result: each figure the median of its rounds, with its min-max.

`python -m bench --rounds 3` runs every scenario's phases once per round, round after round, so a
burst of load on the shared machine lands on one round of each phase rather than on all rounds of one.
"""

from __future__ import annotations

import copy
import statistics
from typing import Any

STAGE_FIGURES = ("wall_s", "cpu_s", "peak_rss_mb", "max_rss_mb")
PROCESS_FIGURES = ("wall_s", "cpu_s", "max_rss_mb", "tree_peak_rss_mb", "orphans_cpu_s")
DETAIL_FIGURES = ("games_per_cpu_s", "games_per_s")
SERVICE_FIGURES = ("cpu_s", "peak_rss_mb")


def _fold(target: dict[str, Any], runs: list[dict[str, Any]], figures: tuple[str, ...]) -> None:
    """Put each figure's median of `runs` into `target`, and its [min, max] under target['range']."""
    spread = {}
    for figure in figures:
        values = [run[figure] for run in runs if isinstance(run.get(figure), (int, float))]
        if values:
            target[figure] = round(statistics.median(values), 4)
            spread[figure] = [min(values), max(values)]
    target["range"] = spread


def _fold_spans(stage: dict[str, Any], runs: list[dict[str, Any]]) -> None:
    """Each span's wall and CPU seconds, median over the rounds that had it."""
    for name, span in stage["spans"].items():
        _fold(
            span, [run["spans"][name] for run in runs if name in run["spans"]], ("wall_s", "cpu_s")
        )


def fold_phase(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One phase over its rounds: stages and process as medians, each round's own figures kept."""
    phase = copy.deepcopy(runs[0])
    _fold(phase["process"], [run["process"] for run in runs], PROCESS_FIGURES)
    for service, figures in phase.get("services", {}).items():
        _fold(figures, [run["services"][service] for run in runs], SERVICE_FIGURES)
    for stage in phase["stages"]:
        same = [found for run in runs for found in run["stages"] if found["name"] == stage["name"]]
        _fold(stage, same, STAGE_FIGURES)
        _fold(stage["detail"], [found["detail"] for found in same], DETAIL_FIGURES)
        _fold_spans(stage, same)
    phase["rounds"] = [
        {
            **{figure: run["process"].get(figure) for figure in PROCESS_FIGURES},
            "load": run.get("load"),
            "error": run.get("error"),
        }
        for run in runs
    ]
    phase["error"] = next((run["error"] for run in runs if run.get("error")), None)
    return phase


def fold_scenario(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """A scenario's rounds as one result of the same shape as a single round's."""
    folded = copy.deepcopy(rounds[0])
    folded["rounds"] = len(rounds)
    folded["phases"] = {
        name: fold_phase([result["phases"][name] for result in rounds if name in result["phases"]])
        for name in rounds[0]["phases"]
    }
    return folded
