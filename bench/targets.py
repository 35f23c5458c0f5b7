"""The issue's targets, checked against what ran (a target whose scenario did not run is left out)."""

from __future__ import annotations

from typing import Any

Target = dict[str, Any]


def _stage(phase: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((stage for stage in phase.get("stages", []) if stage["name"] == name), None)


def _target(
    scenario: str,
    what: str,
    measured: float | None,
    limit: float,
    below: bool = True,
    unit: str = "s",
) -> Target:
    met = None if measured is None else (measured < limit if below else measured >= limit)
    return {
        "scenario": scenario,
        "target": what,
        "measured": measured,
        "limit": limit,
        "comparison": "<" if below else ">=",
        "unit": unit,
        "met": met,
    }


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


def scenario_targets(name: str, result: dict[str, Any]) -> list[Target]:
    """The targets that apply to one scenario's result."""
    phases = result["phases"]
    backfill, daily = phases["back-fill"], phases["daily, no change"]
    targets: list[Target] = []
    reference, ours = (
        _stage(phases.get("reference loader", {}), "reference ingest chess"),
        _stage(backfill, "ingest chess"),
    )
    if reference and ours:
        targets.append(
            _target(
                name,
                "reference loader time / our chess ingestion time (back-fill, wall)",
                round(reference["wall_s"] / ours["wall_s"], 2),
                1.5,
                below=False,
                unit="x",
            )
        )
        targets.append(
            _target(
                name,
                "the same in CPU time (steadier on a shared machine)",
                round(reference["cpu_s"] / ours["cpu_s"], 2),
                1.5,
                below=False,
                unit="x",
            )
        )
    if name == "personal":
        targets.append(
            _target(
                name,
                "no-change daily run, end to end (process wall)",
                daily["process"]["wall_s"],
                3.0,
            )
        )
        targets.append(daily_requests_target(name, result))
    if name == "club-100k":
        if ours:
            targets.append(_target(name, "back-fill: chess ingestion wall", ours["wall_s"], 15.0))
        targets.append(
            _target(name, "back-fill: peak RSS", backfill["process"]["max_rss_mb"], 500, unit="MB")
        )
        targets.append(
            _target(
                name, "back-fill: end to end (process wall)", backfill["process"]["wall_s"], 30.0
            )
        )
    if name == "club-1m":
        targets.append(
            _target(
                name, "back-fill: end to end (process wall)", backfill["process"]["wall_s"], 300.0
            )
        )
        targets.append(
            _target(name, "back-fill: peak RSS", backfill["process"]["max_rss_mb"], 2048, unit="MB")
        )
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
            )
        )
    return targets


def incremental_build_target(results: dict[str, dict[str, Any]]) -> Target | None:
    """A daily run's dbt model time (models only: tests audit the whole history by design) should
    not grow with the history: compare the scenarios that ran, smallest and largest history."""
    points = []
    for name, result in results.items():
        stage = _stage(result["phases"]["daily, new data"], "dbt build and audit")
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
