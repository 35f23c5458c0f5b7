"""The issue's targets, checked against what ran (a target whose scenario did not run is left out)."""

from __future__ import annotations

from typing import Any

Target = dict[str, Any]


def _stage(phase: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((stage for stage in phase.get("stages", []) if stage["name"] == name), None)


# Other processes using more than this many cores during a phase make its figure the machine's, too.
BUSY_CORES = 0.3


def _busy(phases: list[dict[str, Any]]) -> str | None:
    """Why a figure may be the machine's: the rounds in which other processes used a lot of CPU."""
    busy = [
        load["other_cores"]
        for phase in phases
        for load in [run.get("load") or {} for run in phase.get("rounds", [phase])]
        if (load.get("other_cores") or 0) > BUSY_CORES
    ]
    if not busy:
        return None
    return f"machine busy: other processes used up to {max(busy):.2f} cores in {len(busy)} run(s)"


def _target(
    scenario: str,
    what: str,
    measured: float | None,
    limit: float,
    below: bool = True,
    unit: str = "s",
    phases: tuple[dict[str, Any], ...] = (),
    cause: str | None = None,
) -> Target:
    """One target: met when `measured` is at most (`below`) or at least `limit`; `cause` says where the
    time or memory went (shown for a missed target)."""
    met = None if measured is None else (measured <= limit if below else measured >= limit)
    return {
        "scenario": scenario,
        "target": what,
        "measured": measured,
        "limit": limit,
        "comparison": "<=" if below else ">=",
        "unit": unit,
        "met": met,
        "busy": _busy(list(phases)),
        "cause": cause,
    }


# Stages that sum or estimate others: never named as where the time went.
_NOT_A_CAUSE = ("startup (imports)", "whole process")


def time_cause(phase: dict[str, Any]) -> str | None:
    """Where a phase's wall time went: its three longest stages (dbt's import and parse named)."""
    stages = [stage for stage in phase.get("stages", []) if stage["name"] not in _NOT_A_CAUSE]
    if not stages:
        return None
    longest = sorted(stages, key=lambda stage: stage["wall_s"], reverse=True)[:3]
    parts = []
    for stage in longest:
        part = f"{stage['name']} {stage['wall_s']:.1f} s"
        parse = stage.get("spans", {}).get("dbt import and parse")
        if parse:
            part += f" (dbt import and parse {parse['wall_s']:.1f} s)"
        parts.append(part)
    process = phase.get("process", {}).get("wall_s")
    outside = process - sum(stage["wall_s"] for stage in phase["stages"]) if process else 0.0
    if outside >= 0.1:
        parts.append(f"process start and imports {outside:.1f} s")
    return "time: " + ", ".join(parts)


def ingest_cause(backfill: dict[str, Any] | None) -> str | None:
    """Where `ingest chess` spends its time, from the back-fill's ingest stage (same games)."""
    stage = _stage(backfill or {}, "ingest chess")
    if stage is None:
        return None
    spans = stage.get("spans", {})
    named = (
        ("download chess", "requests"),
        ("month tables", "waiting for month tables"),
        ("dlt load", "dlt load (DuckDB)"),
    )
    parts = [f"{label} {spans[key]['wall_s']:.1f} s" for key, label in named if key in spans]
    return f"of {stage['wall_s']:.1f} s: " + ", ".join(parts) if parts else None


def memory_cause(phase: dict[str, Any]) -> str | None:
    """Which stage held a phase's peak memory (the main process's own RSS)."""
    stages = [stage for stage in phase.get("stages", []) if stage.get("peak_rss_mb")]
    if not stages:
        return None
    peak = max(stages, key=lambda stage: stage["peak_rss_mb"])
    return f"peak in {peak['name']}: {peak['peak_rss_mb']:,.0f} MB (main process)"


def tree_memory_cause(process: dict[str, Any]) -> str | None:
    """How a process tree's peak PSS splits: the command's own process, and its workers."""
    if not process.get("tree_peak_pss_others"):
        return None
    root = process["tree_peak_pss_root_mb"]
    others = process["tree_peak_pss_mb"] - root
    return (
        f"at the peak: the command's process {root:,.0f} MB, "
        f"{process['tree_peak_pss_others']} worker process(es) {others:,.0f} MB (PSS)"
    )


def tree_memory_mb(process: dict[str, Any]) -> float:
    """A whole process's peak memory with its workers: the tree's summed PSS (shared pages counted
    once), or the largest RSS when no PSS was sampled."""
    return process.get("tree_peak_pss_mb") or process["max_rss_mb"]


def daily_requests_target(name: str, result: dict[str, Any]) -> Target:
    """A no-change daily run asks chess.com for archives + two months per player, Oura for one window each."""
    phase = result["phases"]["daily, no change"]
    allowed = result["allowed_daily_chess_requests"]
    detail = {}
    requests_ok = True
    for stage in phase.get("stages", []):
        for service, http in stage["http"].items():
            detail[service] = http
    chess = detail.get("chess", {}).get("requests", 0)
    requests_ok &= chess == allowed
    oura_paths = detail.get("oura", {}).get("paths", {})
    first_pages = {
        path.removesuffix(" first page"): count
        for path, count in oura_paths.items()
        if path.endswith(" first page")
    }
    if first_pages:
        requests_ok &= all(count == 1 for count in first_pages.values())
    return {
        "scenario": name,
        "target": "no-change daily run: only the allowed HTTP requests",
        "measured": {
            "chess": chess,
            "chess_allowed": allowed,
            "oura_requests": detail.get("oura", {}).get("requests"),
            "oura_windows_per_endpoint": first_pages,
        },
        "shown": f"chess.com {chess} (allowed {allowed}); Oura {detail.get('oura', {}).get('requests', 0)}"
        f" in {sum(first_pages.values())} windows over {len(first_pages)} endpoints",
        "met": requests_ok,
    }


def _ratio(slower: dict[str, Any] | None, ours: dict[str, Any] | None, key: str) -> float | None:
    """How many times `ours` is faster than `slower` in figure `key` (None when either did not run)."""
    if not slower or not ours or not ours.get(key):
        return None
    return round(slower[key] / ours[key], 2)


def comparison_targets(name: str, phases: dict[str, Any]) -> list[Target]:
    """Ours against dlt's chess source (whole processes) and against the plain reference loader."""
    targets: list[Target] = []
    ingest = phases.get("ingest chess, whole process")
    dlt_source = phases.get("dlt's chess source")
    if ingest and dlt_source:
        for key, label in (("wall_s", "wall"), ("cpu_s", "CPU")):
            targets.append(
                _target(
                    name,
                    f"`ingest chess` at least 15x dlt's verified source (whole processes, {label})",
                    _ratio(dlt_source["process"], ingest["process"], key),
                    15,
                    below=False,
                    unit="x",
                    phases=(ingest, dlt_source),
                    cause=f"dlt's source {dlt_source['process'][key]:,.1f} s, ours "
                    f"{ingest['process'][key]:,.1f} s; ours "
                    + (ingest_cause(phases.get("back-fill")) or ""),
                )
            )
    reference = _stage(phases.get("reference loader", {}), "reference ingest chess")
    ours = _stage(phases.get("back-fill", {}), "ingest chess")
    for key, label in (("wall_s", "wall"), ("cpu_s", "CPU")):
        if reference and ours:
            targets.append(
                _target(
                    name,
                    f"reference loader / our chess ingestion (back-fill, {label})",
                    _ratio(reference, ours, key),
                    1.5,
                    below=False,
                    unit="x",
                    phases=(phases["back-fill"], phases["reference loader"]),
                )
            )
    return targets


# Issue 21's whole-process limits per scenario: (phase, what it is, wall seconds, peak RSS MB)
PROCESS_LIMITS = {
    "club-100k": (
        ("ingest chess, whole process", "`ingest chess`", 7.0, 400),
        ("back-fill", "back-fill end to end (engine analysis off)", 20.0, 450),
    ),
    "club-1m": (("back-fill", "back-fill end to end (engine analysis off)", 90.0, 1200),),
}


def process_targets(
    name: str, phases: dict[str, Any], phase_name: str, what: str, wall: float, memory: float
) -> list[Target]:
    """A whole process's wall time and peak memory (PSS of its tree) against their limits."""
    phase = phases[phase_name]
    process = phase["process"]
    where = (
        ingest_cause(phases.get("back-fill"))
        if phase_name.startswith("ingest chess")
        else time_cause(phase)
    )
    return [
        _target(
            name,
            f"{what}, whole process, wall",
            process["wall_s"],
            wall,
            phases=(phase,),
            cause=where,
        ),
        _target(
            name,
            f"{what}, peak memory (PSS of the process tree)",
            tree_memory_mb(process),
            memory,
            unit="MB",
            phases=(phase,),
            cause=memory_cause(phases.get("back-fill", {}))
            if phase_name == "back-fill"
            else tree_memory_cause(process),
        ),
    ]


def size_targets(name: str, phases: dict[str, Any]) -> list[Target]:
    """The issue's time and memory targets of the club scenarios and of a daily run with nothing new."""
    targets: list[Target] = []
    if name in ("personal", "club-100k"):
        daily = phases["daily, no change"]
        targets.append(
            _target(
                name,
                "no-change daily run, whole process",
                daily["process"]["wall_s"],
                1.5,
                phases=(daily,),
                cause=time_cause(daily),
            )
        )
    for phase, what, wall, memory in PROCESS_LIMITS.get(name, ()):
        if phase in phases:
            targets += process_targets(name, phases, phase, what, wall, memory)
    if name == "club-1m":
        dashboard = _stage(phases["back-fill"], "dashboard")
        targets.append(
            _target(
                name,
                "dashboard",
                dashboard["wall_s"] if dashboard else None,
                1.0,
                phases=(phases["back-fill"],),
            )
        )
    return targets


def scenario_targets(name: str, result: dict[str, Any]) -> list[Target]:
    """The targets that apply to one scenario's result."""
    phases = result["phases"]
    targets = comparison_targets(name, phases) + size_targets(name, phases)
    if name in ("personal", "club-100k"):
        targets.append(daily_requests_target(name, result))
    pgn = _stage(phases["extraction, one core"], "extract PGN columns")
    if pgn and name in ("personal", "club-100k"):
        targets.append(
            _target(
                name,
                "PGN extraction, games per CPU second",
                pgn["detail"]["games_per_cpu_s"],
                20_000,
                below=False,
                unit="games/s",
                phases=(phases["extraction, one core"],),
            )
        )
    return targets


def incremental_build_target(results: dict[str, dict[str, Any]]) -> Target | None:
    """A daily run's dbt model time (models only: tests audit the whole history by design) should
    not grow with the history: compare the scenarios that ran, smallest and largest history."""
    points = []
    for name, result in results.items():
        stage = _stage(result["phases"].get("daily, new data", {}), "dbt build and audit")
        nodes = stage["detail"].get("dbt_nodes", {}) if stage else {}
        if "model" in nodes:
            points.append(
                {
                    "scenario": name,
                    "history_games": result["scenario"]["games"],
                    "models_s": nodes["model"]["seconds"],
                    "tests_s": round(
                        sum(
                            nodes.get(kind, {}).get("seconds", 0.0)
                            for kind in ("test", "unit_test")
                        ),
                        3,
                    ),
                    "dbt_build_wall_s": stage["spans"].get("dbt build", {}).get("wall_s"),
                    "full_refresh": stage["detail"].get("full_refresh"),
                }
            )
    if len(points) < 2:
        return None
    points.sort(key=lambda point: point["history_games"])
    growth = points[-1]["models_s"] / max(points[0]["models_s"], 1e-9)
    history = points[-1]["history_games"] / points[0]["history_games"]
    return {
        "scenario": "all",
        "target": "daily run: dbt model time grows with new data, not history "
        f"(x{history:.0f} history -> x{growth:.2f} model time; met if under x1.5)",
        "measured": points,
        "shown": ", ".join(
            f"{point['history_games']:,} games: {point['models_s']:.2f} s" for point in points
        ),
        "met": growth < 1.5 and not any(point["full_refresh"] for point in points),
    }


def all_targets(results: dict[str, dict[str, Any]]) -> list[Target]:
    """Every applicable target over the scenarios that ran."""
    targets = [
        target for name, result in results.items() for target in scenario_targets(name, result)
    ]
    incremental = incremental_build_target(results)
    return targets + ([incremental] if incremental else [])
