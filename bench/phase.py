"""One measured phase in a fresh process: `python -m bench.phase CONFIG.json RESULT.json`.

Kinds of phase:
- `pipeline`: what `lifemetrics run` does, step by step (ingest chess, ingest oura, build + audit + publish,
  dashboard), each step measured on its own;
- `reference`: the plain reference loader on the same served data;
- `dlt chess`: a loader that follows dlt's verified chess source, on the same served data;
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
    """`lifemetrics run` itself (run_pipeline), each of its steps measured as a stage.

    Steps run_pipeline skips (nothing new since the last complete run) have no stage; the phase's result
    says whether the run found everything up to date.
    """
    with meter.stage("startup (imports)"):
        from lifemetrics.orchestration import run, steps
        from lifemetrics.settings import load_settings
        from lifemetrics.warehouse import build
    hooks.hook_http(meter, {int(port): name for port, name in config["services"].items()})
    hooks.hook_dlt(meter)
    meter.missing_hooks += hooks.hook_month_tables(meter) + hook_build_parts(meter, build)
    hook_steps(meter, steps)
    settings = load_settings(**config["settings"])
    summary = run.run_pipeline(settings, sources=config["sources"])
    meter.outcome["up_to_date"] = summary.up_to_date_since is not None
    if not summary.ok:
        raise RuntimeError(f"lifemetrics run failed at: {'; '.join(summary.failed_steps)}")


def hook_steps(meter: Meter, steps: Any) -> None:
    """Measure each step run_pipeline calls as a stage, with the detail the report shows."""

    def ingest_source(settings: Any, name: str, **options: Any) -> Any:
        with meter.stage(f"ingest {name}") as detail:
            report = ingest(settings, name, **options)
            detail["rows"] = report.rows
            detail["failed_units"] = [f"{unit.unit}: {unit.detail}" for unit in report.failures]
        return report

    def build_in_audit(settings: Any, **options: Any) -> Any:
        with meter.stage("dbt build and audit") as detail:
            audit = build_audit(settings, **options)
            detail["full_refresh"] = getattr(audit, "full_refresh", None)
            detail["dbt_nodes"] = dbt_node_times(
                settings.home / "dbt" / "target" / "run_results.json"
            )
        return audit

    def publish(settings: Any) -> Any:
        with meter.stage("publish"):
            return publish_audited(settings)

    def rebuild_dashboard(settings: Any) -> Any:
        with meter.stage("dashboard") as detail:
            index = dashboard(settings)
            detail["site_bytes"] = sum(
                f.stat().st_size for f in index.parent.rglob("*") if f.is_file()
            )
        return index

    ingest, build_audit = steps.ingest_source, steps.build_in_audit
    publish_audited, dashboard = steps.publish, steps.rebuild_dashboard
    steps.ingest_source, steps.build_in_audit = ingest_source, build_in_audit
    steps.publish, steps.rebuild_dashboard = publish, rebuild_dashboard


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


def run_dlt_chess_phase(config: dict[str, Any], meter: Meter) -> None:
    """The loader that follows dlt's verified chess source (`bench/dlt_chess.py`), measured likewise."""
    with meter.stage("startup (imports)"):
        from bench.dlt_chess import load
    hooks.hook_http(meter, {int(port): name for port, name in config["services"].items()})
    with meter.stage(DLT_CHESS_STAGE) as detail:
        detail["rows"] = load(
            config["api_url"], config["players"], config["contact"], config["work_dir"]
        )


DLT_CHESS_STAGE = "dlt's chess source ingest chess"


def run_extraction_phase(config: dict[str, Any], meter: Meter) -> None:
    """Games/s of the chess source's extraction alone, on cached month files (no HTTP, no dlt)."""
    from bench.extraction import measure_extraction

    measure_extraction(Path(config["data_dir"]), meter, config.get("max_games"))


PHASES = {
    "pipeline": run_pipeline_phase,
    "reference": run_reference_phase,
    "dlt chess": run_dlt_chess_phase,
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
        "outcome": meter.outcome,
        "error": error,
    }
    Path(argv[1]).write_text(json.dumps(result, indent=2))
    return 0 if error is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
