"""One scenario end to end: data, stand-ins, back-fill, reference loader, extraction, two daily runs."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench.commands import command_config
from bench.data import current_month, ensure_chess_data
from bench.lakehouse import run_trino_phases
from bench.load import shown
from bench.processes import StandinProcess, run_phase
from bench.scenarios import Scenario
from bench.spark import disk_bytes, run_spark_phases

CONTACT = "bench@lifemetrics.invalid"
NEW_GAMES = 3
NEW_DAYS = 1


def previous_month(month: str) -> str:
    year, mm = (int(part) for part in month.split("-"))
    index = year * 12 + mm - 2
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def allowed_chess_requests(chess_dir: Path, players: list[str]) -> int:
    """A daily run's chess.com budget: per player the archives list plus the current and previous month."""
    recent = {current_month(), previous_month(current_month())}
    total = 0
    for player in players:
        months = {
            f"{path.parent.name}-{path.stem}"
            for path in (chess_dir / player / "games").glob("*/*.json")
        }
        total += 1 + len(months & recent)
    return total


def pipeline_config(
    scenario: Scenario, home: Path, hello: dict[str, Any], timezone_name: str
) -> dict[str, Any]:
    """What the pipeline phase runs: settings pointing at the stand-ins, the sources to ingest."""
    settings: dict[str, Any] = {
        "home": str(home),
        "chess_usernames": scenario.player_names(),
        "chess_api_url": hello["chess_api_url"],
        "contact": CONTACT,
        "timezone": timezone_name,
        "http_backoff_seconds": 0.1,
        # `lifemetrics run` analyses games with the engine for a time budget after ingestion (60 s by
        # default): off here, so the back-fill and daily figures are the pipeline's, not the engine's.
        "analysis_run_seconds": 0,
    }
    sources = ["chess"]
    if "oura_api_url" in hello:
        settings.update(oura_api_url=hello["oura_api_url"], oura_token=hello["oura_token"])
        sources.append("oura")
    return {
        "kind": "pipeline",
        "settings": settings,
        "sources": sources,
        "services": hello["ports"],
    }


def loader_config(
    kind: str, hello: dict[str, Any], scenario: Scenario, path: Path
) -> dict[str, Any]:
    """A comparison loader's phase (`reference` or `dlt chess`) on the same served games."""
    return {
        "kind": kind,
        "api_url": hello["chess_api_url"],
        "players": scenario.player_names(),
        "contact": CONTACT,
        "database": str(path / "reference.duckdb"),
        "work_dir": str(path),
        "services": hello["ports"],
    }


def phase_line(scenario: str, name: str, result: dict[str, Any]) -> str:
    """One printed line per phase: its figures and how busy the machine was meanwhile."""
    process = result["process"]
    failed = f" FAILED: {result['error']}" if result.get("error") else ""
    services = result.get("services", {}).get("all")
    besides = (
        f" (services besides: {services['cpu_s']:.1f} s CPU, {services['peak_rss_mb']:,.0f} MB)"
        if services
        else ""
    )
    return (
        f"{scenario}: {name}: {process['wall_s']:.1f} s wall, {process['cpu_s']:.1f} s CPU, "
        f"{process['max_rss_mb']:,.0f} MB (tree {process.get('tree_peak_rss_mb', 0):,.0f} MB)"
        f"{besides}; {shown(result.get('load'))}{failed}"
    )


def run_daily_phases(
    scenario: Scenario,
    config: dict[str, Any],
    standins: StandinProcess,
    phase: Callable[[str, dict[str, Any]], dict[str, Any]],
) -> None:
    """A daily run with nothing new, then one after a few new games (and a new day of ring data)."""
    phase("daily, no change", config)
    changes = {
        "games": standins.command(
            cmd="add_games", player=scenario.player_names()[0], count=NEW_GAMES
        )
    }
    if "oura" in config["sources"]:
        changes["days"] = standins.command(cmd="add_days", days=NEW_DAYS)
    phase("daily, new data", config)["changes"] = changes


def run_scenario(
    scenario: Scenario,
    work_dir: Path,
    cache_dir: Path,
    timezone_name: str,
    say: Callable[[str], None],
    profile: bool = False,
) -> dict[str, Any]:
    """Every phase of one scenario, each in a fresh process, against one stand-in process.

    With `profile`, every stage is profiled (pyinstrument) into `<work_dir>/<scenario>/profiles/`.
    """
    say(f"{scenario.name}: preparing {scenario.games:,} games")
    chess_dir, data = ensure_chess_data(cache_dir, scenario)
    scenario_dir = work_dir / scenario.name
    shutil.rmtree(scenario_dir, ignore_errors=True)
    scenario_dir.mkdir(parents=True)
    home = scenario_dir / "home"
    standin_config = {
        "chess_dir": str(chess_dir),
        "health_days": scenario.health_days,
        "seed": scenario.seed,
        "timezone": timezone_name,
    }
    phases: dict[str, Any] = {}
    with StandinProcess(standin_config, scenario_dir) as standins:
        config = pipeline_config(scenario, home, standins.hello, timezone_name)

        def phase(
            name: str, phase_config: dict[str, Any], services: dict[str, int] | None = None
        ) -> dict[str, Any]:
            if profile and phase_config["kind"] != "command":
                phase_config = {
                    **phase_config,
                    "profile_dir": str(scenario_dir / "profiles" / name),
                }
            phases[name] = run_phase(
                phase_config, scenario_dir, name, (standins.pid,), services=services
            )
            phases[name]["server_requests"] = standins.command(cmd="requests")
            say(phase_line(scenario.name, name, phases[name]))
            return phases[name]

        ingest_home = scenario_dir / "ingest"
        ingest = phase(
            "ingest chess, whole process",
            command_config(config, ingest_home, ["ingest", "chess"]),
        )
        ingest["disk"] = {"warehouse.duckdb": disk_bytes(ingest_home / "warehouse.duckdb")}
        if scenario.dlt_source:
            dlt_dir = scenario_dir / "dlt-chess"
            dlt_dir.mkdir()
            phase(
                "dlt's chess source", loader_config("dlt chess", standins.hello, scenario, dlt_dir)
            )
        if scenario.reference:
            phase(
                "reference loader",
                loader_config("reference", standins.hello, scenario, scenario_dir),
            )
        if scenario.pipeline:
            phase("back-fill", config)
        if scenario.lakehouse:
            run_trino_phases(config, scenario_dir / "home-trino", phase, say)
        if scenario.spark:
            run_spark_phases(
                config, scenario_dir / "home-spark", scenario.spark_driver_memory, phase, say
            )
        phase(
            "extraction, one core",
            {
                "kind": "extraction",
                "data_dir": str(chess_dir),
                "max_games": scenario.extraction_games,
            },
        )
        if scenario.pipeline:
            run_daily_phases(scenario, config, standins, phase)
    return {
        "scenario": scenario.as_dict(),
        "data": data,
        "health_generate_s": standins.hello.get("health_generate_s"),
        "allowed_daily_chess_requests": allowed_chess_requests(chess_dir, scenario.player_names()),
        "profiled": profile,
        "ran_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "phases": phases,
    }
