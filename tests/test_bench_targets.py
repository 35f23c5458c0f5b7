"""The bench says, with each target, where the time and the memory went."""

from __future__ import annotations

from bench.targets import ingest_cause, memory_cause, size_targets, time_cause, tree_memory_mb


def stage(name: str, wall: float, rss: float, spans: dict | None = None) -> dict:
    return {"name": name, "wall_s": wall, "cpu_s": wall, "peak_rss_mb": rss, "spans": spans or {}}


BACKFILL = {
    "stages": [
        stage("startup (imports)", 0.3, 60),
        stage(
            "ingest chess",
            9.8,
            420,
            {
                "download chess": {"wall_s": 2.0},
                "month tables": {"wall_s": 3.1},
                "dlt load": {"wall_s": 2.5},
            },
        ),
        stage("dbt build and audit", 12.0, 730, {"dbt import and parse": {"wall_s": 5.2}}),
        stage("publish", 0.9, 450),
        stage("dashboard", 2.4, 400),
    ],
    "process": {"wall_s": 26.0, "cpu_s": 30.0, "max_rss_mb": 731, "tree_peak_pss_mb": 760},
}


def test_the_longest_stages_and_dbt_parse_are_named():
    assert time_cause(BACKFILL) == (
        "time: dbt build and audit 12.0 s (dbt import and parse 5.2 s), ingest chess 9.8 s, "
        "dashboard 2.4 s, process start and imports 0.6 s"
    )


def test_ingest_time_is_split_into_requests_waiting_and_load():
    assert ingest_cause(BACKFILL) == (
        "of 9.8 s: requests 2.0 s, waiting for month tables 3.1 s, dlt load (DuckDB) 2.5 s"
    )
    assert ingest_cause(None) is None


def test_the_stage_holding_the_peak_is_named_and_memory_counts_the_workers():
    assert memory_cause(BACKFILL) == "peak in dbt build and audit: 730 MB (main process)"
    assert tree_memory_mb(BACKFILL["process"]) == 760
    assert tree_memory_mb({"max_rss_mb": 500}) == 500


def test_a_missed_end_to_end_target_carries_its_cause():
    phases = {
        "back-fill": BACKFILL,
        "daily, no change": {
            "stages": [stage("dbt build and audit", 1.0, 100)],
            "process": {"wall_s": 2.0, "max_rss_mb": 150},
        },
    }
    targets = {target["target"]: target for target in size_targets("club-100k", phases)}
    wall = targets["back-fill end to end (engine analysis off), whole process, wall"]
    memory = targets[
        "back-fill end to end (engine analysis off), peak memory (PSS of the process tree)"
    ]
    assert wall["met"] is False and wall["cause"] == time_cause(BACKFILL)
    assert memory["measured"] == 760 and memory["cause"] == memory_cause(BACKFILL)


def test_a_tree_peak_is_split_between_the_command_and_its_workers():
    from bench.targets import tree_memory_cause

    process = {
        "tree_peak_pss_mb": 560.0,
        "tree_peak_pss_root_mb": 400.0,
        "tree_peak_pss_others": 2,
    }
    assert tree_memory_cause(process) == (
        "at the peak: the command's process 400 MB, 2 worker process(es) 160 MB (PSS)"
    )
    assert tree_memory_cause({"tree_peak_pss_mb": 300.0, "tree_peak_pss_others": 0}) is None
