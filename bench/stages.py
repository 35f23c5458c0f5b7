"""From a phase's raw measurements to the issue's stages: download, extract, load, dbt build, audit, publish,
dashboard (plus start-up), each with wall, CPU, peak RSS, HTTP requests and bytes.

Inside an ingestion, HTTP sends happen within dlt's extract step, so `extract` is dlt's extract minus the
download time, and `load` is dlt's normalize plus load. Inside the build, `audit` is dbt's test and unit-test
share of `dbt build` (by node execution time, an estimate since nodes run on two threads) and `dbt build`
is the rest of the stage, including dbt's start-up, parse and the empty pre-build of incremental models.
"""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]


def _span(stage: dict[str, Any], name: str) -> dict[str, float]:
    return stage["spans"].get(name, {"wall_s": 0.0, "cpu_s": 0.0, "calls": 0})


def _row(name: str, wall: float, cpu: float, **extra: Any) -> Row:
    return {
        "stage": name,
        "wall_s": round(max(wall, 0.0), 3),
        "cpu_s": round(max(cpu, 0.0), 3),
        **extra,
    }


def ingest_rows(stage: dict[str, Any], source: str) -> list[Row]:
    """download / extract / load of one source's ingestion, and the ingestion as a whole."""
    service = "chess" if source == "chess" else "oura"
    http = stage["http"].get(service, {"requests": 0, "bytes": 0})
    download = _span(stage, f"download {service}")
    extract = _span(stage, "dlt extract")
    normalize, load = _span(stage, "dlt normalize"), _span(stage, "dlt load")
    rows = [
        _row(
            f"download {source}",
            download["wall_s"],
            download["cpu_s"],
            requests=http["requests"],
            bytes=http["bytes"],
            statuses=http.get("statuses", {}),
        ),
        _row(
            f"extract {source}",
            extract["wall_s"] - download["wall_s"],
            extract["cpu_s"] - download["cpu_s"],
        ),
        _row(
            f"load {source}",
            normalize["wall_s"] + load["wall_s"],
            normalize["cpu_s"] + load["cpu_s"],
        ),
    ]
    games = stage["detail"].get("games_extracted")
    if games:
        rows[1].update(games=games, month_tables_wait_s=_span(stage, "month tables")["wall_s"])
    return [*rows, _whole_stage_row(f"ingest {source} (total)", stage, http)]


def _whole_stage_row(name: str, stage: dict[str, Any], http: dict[str, int]) -> Row:
    """One row for a whole stage that talks HTTP: times, peak RSS, requests, bytes and rows."""
    return _row(
        name,
        stage["wall_s"],
        stage["cpu_s"],
        peak_rss_mb=stage["peak_rss_mb"],
        requests=http["requests"],
        bytes=http["bytes"],
        rows=stage["detail"].get("rows"),
    )


def build_rows(stage: dict[str, Any]) -> list[Row]:
    """dbt build (parse, models) and audit (tests' share of `dbt build`, estimated) of one build stage."""
    build = _span(stage, "dbt build")
    nodes = stage["detail"].get("dbt_nodes", {})
    models_s = nodes.get("model", {}).get("seconds", 0.0)
    tests_s = sum(nodes.get(kind, {}).get("seconds", 0.0) for kind in ("test", "unit_test"))
    share = tests_s / (models_s + tests_s) if models_s + tests_s else 0.0
    return [
        _row(
            "dbt build",
            stage["wall_s"] - build["wall_s"] * share,
            stage["cpu_s"] - build["cpu_s"] * share,
            peak_rss_mb=stage["peak_rss_mb"],
            full_refresh=stage["detail"].get("full_refresh"),
            dbt_parse_s=_span(stage, "dbt import and parse")["wall_s"],
        ),
        _row("audit (dbt tests)", build["wall_s"] * share, build["cpu_s"] * share, estimated=True),
    ]


def phase_rows(phase: dict[str, Any]) -> list[Row]:
    """The stage table of one phase, ending with the process as a whole."""
    rows: list[Row] = []
    for stage in phase.get("stages", []):
        name = stage["name"]
        if name.startswith("ingest "):
            rows += ingest_rows(stage, name.removeprefix("ingest "))
        elif name == "dbt build and audit":
            rows += build_rows(stage)
        elif name.startswith(("reference ", "dlt's chess source")):
            http = stage["http"].get("chess", {"requests": 0, "bytes": 0})
            rows.append(_whole_stage_row(name, stage, http))
        else:
            rows.append(
                _row(
                    name,
                    stage["wall_s"],
                    stage["cpu_s"],
                    peak_rss_mb=stage["peak_rss_mb"],
                    **{
                        k: v
                        for k, v in stage["detail"].items()
                        if k in ("games", "games_per_cpu_s")
                    },
                )
            )
    process = phase.get("process")
    if process:
        rows.append(
            _row(
                "whole process",
                process["wall_s"],
                process["cpu_s"],
                peak_rss_mb=process["max_rss_mb"],
            )
        )
    return rows
