"""One measured phase in a fresh process: `python -m bench.phase CONFIG.json RESULT.json`.

Kinds of phase:
- `pipeline`: what `lifemetrics run` does, step by step (ingest chess, ingest oura, build + audit + publish,
  dashboard), each step measured on its own;
- `reference`: the plain reference loader on the same served data;
- `extraction`: JSON -> Arrow table (PGN columns included) over cached month files, one core, no HTTP.

A fresh process per phase makes peak RSS and start-up cost those of a real run.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from bench import hooks
from bench.measure import Meter


def run_pipeline_phase(config: dict[str, Any], meter: Meter) -> None:
    """The pipeline's steps one by one, as `lifemetrics run` calls them."""
    with meter.stage("startup (imports)"):
        from lifemetrics.settings import load_settings
        from lifemetrics.sources.chess_com import ingest_chess
        from lifemetrics.sources.oura import ingest_oura
        from lifemetrics.warehouse import build
        from lifemetrics.dashboards import build_site
    hooks.hook_http(meter, {int(port): name for port, name in config["services"].items()})
    hooks.hook_dlt(meter)
    meter.missing_hooks += hooks.hook_games_table(meter) + hook_build_parts(meter, build)
    settings = load_settings(**config["settings"])
    ingest = {"chess": ingest_chess, "oura": ingest_oura}
    for source in config["sources"]:
        with meter.stage(f"ingest {source}") as detail:
            report = ingest[source](settings)
            detail["rows"] = report.rows
            detail["failed_units"] = [f"{unit.unit}: {unit.detail}" for unit in report.failures]
    with meter.stage("dbt build and audit") as detail:
        audit = build.build_in_audit(settings)
        detail["full_refresh"] = getattr(audit, "full_refresh", None)
        detail["dbt_nodes"] = dbt_node_times(settings.home / "dbt" / "target" / "run_results.json")
    with meter.stage("publish") as detail:
        detail["published_rows"] = build.publish_audited(settings)
    with meter.stage("dashboard") as detail:
        index = build_site(settings)
        detail["site_bytes"] = sum(f.stat().st_size for f in index.parent.rglob("*") if f.is_file())


def hook_build_parts(meter: Meter, build: Any) -> list[str]:
    """Time the parts of build_in_audit (dbt import + parse, empty incremental models, dbt build)."""
    missing = []
    for name, label in (
        ("run_build", "dbt build"),
        ("prepare_incremental_models", "dbt prepare incremental"),
    ):
        if not hasattr(build, name):
            missing.append(f"lifemetrics.warehouse.build.{name} is gone: no '{label}' span")
            continue
        setattr(build, name, hooks.timed_function(meter, getattr(build, name), label))
    project = getattr(build, "DbtProject", None)
    if project is not None and hasattr(project, "manifest"):
        hooks.timed_method(meter, project, "manifest", "dbt import and parse")
    return missing


def dbt_node_times(run_results: Path, slowest: int = 5) -> dict[str, Any]:
    """Seconds dbt spent per kind of node (model, test, unit_test) in its last invocation, and the slowest."""
    if not run_results.exists():
        return {}
    kinds: dict[str, Any] = {}
    document = json.loads(run_results.read_text())
    timed = []
    for result in document.get("results", []):
        kind = result["unique_id"].split(".", 1)[0]
        seconds = float(result.get("execution_time") or 0.0)
        entry = kinds.setdefault(kind, {"nodes": 0, "seconds": 0.0})
        entry["nodes"] += 1
        entry["seconds"] = round(entry["seconds"] + seconds, 4)
        timed.append((seconds, result["unique_id"]))
    kinds["elapsed_s"] = round(float(document.get("elapsed_time") or 0.0), 4)
    kinds["slowest"] = [
        [node, round(seconds, 3)] for seconds, node in sorted(timed, reverse=True)[:slowest]
    ]
    return kinds


def run_reference_phase(config: dict[str, Any], meter: Meter) -> None:
    """The reference loader, measured like the pipeline's ingestion."""
    with meter.stage("startup (imports)"):
        from bench.reference_loader import load
    hooks.hook_http(meter, {int(port): name for port, name in config["services"].items()})
    with meter.stage("reference ingest chess") as detail:
        detail["rows"] = load(
            config["api_url"], config["players"], config["contact"], config["database"]
        )


def run_extraction_phase(config: dict[str, Any], meter: Meter) -> None:
    """Games/s of the chess source's extraction alone, on cached month files (no HTTP, no dlt)."""
    from bench.extraction import measure_extraction

    measure_extraction(Path(config["data_dir"]), meter, config.get("max_games"))


PHASES = {
    "pipeline": run_pipeline_phase,
    "reference": run_reference_phase,
    "extraction": run_extraction_phase,
}


def main(argv: list[str]) -> int:
    """Run the phase described by argv[0]; write stages, errors and missing hooks to argv[1]."""
    config = json.loads(Path(argv[0]).read_text())
    started = time.perf_counter()
    profile_dir = config.get("profile_dir")
    meter = Meter(Path(profile_dir) if profile_dir else None).start()
    error = None
    try:
        PHASES[config["kind"]](config, meter)
    except Exception as exc:  # noqa: BLE001 - the phase's failure is a result to report
        error = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
        traceback.print_exc()
    result = {
        "kind": config["kind"],
        "wall_in_process_s": round(time.perf_counter() - started, 4),
        "stages": [stage.__dict__ for stage in meter.results],
        "missing_hooks": meter.missing_hooks,
        "error": error,
    }
    Path(argv[1]).write_text(json.dumps(result, indent=2))
    return 0 if error is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
