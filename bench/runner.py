"""One scenario end to end: data, stand-ins, back-fill, reference loader, extraction, two daily runs."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench.data import current_month, ensure_chess_data
from bench.processes import StandinProcess, run_phase
from bench.scenarios import Scenario

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

        def phase(name: str, phase_config: dict[str, Any]) -> None:
            say(f"{scenario.name}: {name}")
            if profile:
                phase_config = {
                    **phase_config,
                    "profile_dir": str(scenario_dir / "profiles" / name),
                }
            phases[name] = run_phase(phase_config, scenario_dir, name)
            phases[name]["server_requests"] = standins.command(cmd="requests")

        phase("back-fill", config)
        if scenario.reference:
            phase(
                "reference loader",
                {
                    "kind": "reference",
                    "api_url": standins.hello["chess_api_url"],
                    "players": scenario.player_names(),
                    "contact": CONTACT,
                    "database": str(scenario_dir / "reference.duckdb"),
                    "services": standins.hello["ports"],
                },
            )
        phase(
            "extraction, one core",
            {
                "kind": "extraction",
                "data_dir": str(chess_dir),
                "max_games": scenario.extraction_games,
            },
        )
        phase("daily, no change", config)
        changes = {
            "games": standins.command(
                cmd="add_games", player=scenario.player_names()[0], count=NEW_GAMES
            )
        }
        if "oura" in config["sources"]:
            changes["days"] = standins.command(cmd="add_days", days=NEW_DAYS)
        phase("daily, new data", config)
        phases["daily, new data"]["changes"] = changes
    return {
        "scenario": scenario.as_dict(),
        "data": data,
        "health_generate_s": standins.hello.get("health_generate_s"),
        "allowed_daily_chess_requests": allowed_chess_requests(chess_dir, scenario.player_names()),
        "profiled": profile,
        "ran_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "phases": phases,
    }
