"""`--rounds N` folds N results of a scenario into one: every figure the median of its rounds, with min-max."""

from __future__ import annotations

from typing import Any

from bench.rounds import fold_scenario


def round_result(wall: float, cpu: float, rss: float, games_per_cpu_s: int, load: float) -> dict:
    """A scenario's result of one round, shaped as the runner writes it, with one phase of one stage."""
    stage: dict[str, Any] = {
        "name": "ingest chess",
        "wall_s": wall - 1.0,
        "cpu_s": cpu - 0.5,
        "peak_rss_mb": rss,
        "max_rss_mb": rss,
        "http": {},
        "spans": {"dlt load": {"wall_s": wall / 4, "cpu_s": cpu / 4, "calls": 1}},
        "detail": {"games_per_cpu_s": games_per_cpu_s, "rows": 100_000},
    }
    return {
        "scenario": {"name": "club-100k", "games": 100_000},
        "phases": {
            "back-fill": {
                "process": {"wall_s": wall, "cpu_s": cpu, "max_rss_mb": rss, "exit_code": 0},
                "stages": [stage],
                "load": {"load_start": [load, 1.0, 1.0], "other_cpu_s": 2.0 * load},
                "error": None,
            }
        },
    }


# Three rounds of the same phase (the second one on a busier machine)
ROUNDS = [
    round_result(14.2, 13.3, 400.0, 26_000, 0.3),
    round_result(17.7, 13.9, 412.0, 24_500, 1.9),
    round_result(15.1, 13.5, 405.0, 25_200, 0.4),
]


def test_three_rounds_give_the_middle_value_and_the_range() -> None:
    phase = fold_scenario(ROUNDS)["phases"]["back-fill"]
    assert phase["process"]["wall_s"] == 15.1 and phase["process"]["cpu_s"] == 13.5
    assert phase["process"]["max_rss_mb"] == 405.0
    assert phase["process"]["range"]["wall_s"] == [14.2, 17.7]
    stage = phase["stages"][0]
    assert stage["wall_s"] == 14.1 and stage["cpu_s"] == 13.0 and stage["peak_rss_mb"] == 405.0
    assert stage["detail"]["games_per_cpu_s"] == 25_200 and stage["detail"]["rows"] == 100_000
    assert stage["spans"]["dlt load"]["wall_s"] == round(15.1 / 4, 4)


def test_two_rounds_give_their_mean() -> None:
    phase = fold_scenario(ROUNDS[:2])["phases"]["back-fill"]
    assert phase["process"]["wall_s"] == 15.95 and phase["process"]["cpu_s"] == 13.6


def test_every_round_keeps_its_own_figures_and_load() -> None:
    folded = fold_scenario(ROUNDS)
    assert folded["rounds"] == 3
    rounds = folded["phases"]["back-fill"]["rounds"]
    assert [run["wall_s"] for run in rounds] == [14.2, 17.7, 15.1]
    assert [run["load"]["load_start"][0] for run in rounds] == [0.3, 1.9, 0.4]
    assert all(run["error"] is None for run in rounds)


def test_a_failed_round_fails_the_folded_phase() -> None:
    failed = round_result(30.0, 20.0, 400.0, 20_000, 0.5)
    failed["phases"]["back-fill"]["error"] = "exit code 1"
    assert fold_scenario([*ROUNDS, failed])["phases"]["back-fill"]["error"] == "exit code 1"
