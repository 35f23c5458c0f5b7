"""`python -m bench.engine_cost`: what move analysis costs, and how its accuracy agrees with chess.com's, on the
real hikaru months of the fixtures: `analyse chess --max-games N` then `build`, once per node limit.

.venv/bin/python -m bench.engine_cost                          # 120 games at the default node limit
.venv/bin/python -m bench.engine_cost --games 40 --nodes 5000 --nodes 20000 --out /tmp/engine
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from bench.machine import machine_info, versions
from bench.processes import REPO_ROOT
from lifemetrics.analysis import analyse_chess
from lifemetrics.settings import Settings, load_settings
from lifemetrics.sources.chess_com import ingest_chess
from lifemetrics.standins.chess_com import ChessComStandIn
from lifemetrics.warehouse.build import build_and_publish

FIXTURES = REPO_ROOT / "tests" / "data" / "chess_com"
PLAYER = "hikaru"
HISTORY_GAMES = 10_000

# Each analysed game gives two (engine, chess.com) accuracy pairs: the tracked player's and the opponent's.
SIDES_SQL = """
WITH sides AS (
    SELECT a.my_engine_accuracy AS engine, a.my_blunders AS blunders,
        CASE WHEN lower(g.white__username) = a.player THEN g.accuracies__white ELSE g.accuracies__black END AS chess_com
    FROM analytics.fct_chess_game_analysis AS a
    JOIN raw_chess_com.games AS g ON g.uuid = a.uuid AND lower(g.player) = a.player
    UNION ALL
    SELECT a.opponent_engine_accuracy, a.opponent_blunders,
        CASE WHEN lower(g.white__username) = a.player THEN g.accuracies__black ELSE g.accuracies__white END
    FROM analytics.fct_chess_game_analysis AS a
    JOIN raw_chess_com.games AS g ON g.uuid = a.uuid AND lower(g.player) = a.player
)
SELECT engine, chess_com, blunders FROM sides WHERE engine IS NOT NULL AND chess_com IS NOT NULL
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.engine_cost", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--games", type=int, default=120, help="games to analyse per node limit (default 120)"
    )
    parser.add_argument(
        "--nodes", type=int, action="append", help="node limit (repeatable; default: the setting's)"
    )
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "bench" / "results", help="where results go"
    )
    parser.add_argument(
        "--work-dir", type=Path, help="keep the homes here (default: a temporary directory)"
    )
    return parser.parse_args(argv)


def ingested_home(work: Path) -> Path:
    """A home with the fixture months loaded into raw_chess_com by the real ingestion."""
    home = work / "ingested"
    with ChessComStandIn.from_directory(FIXTURES) as standin:
        settings = load_settings(
            home=home,
            chess_api_url=standin.api_url,
            chess_usernames=PLAYER,
            contact="bench@lifemetrics.invalid",
            timezone="UTC",
        )
        report = ingest_chess(settings)
    if report.failed:
        raise SystemExit(f"ingestion failed: {report.failures}")
    return home


def pearson(pairs: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Pearson's r of the pairs and its 95% interval (Fisher's z)."""
    n = len(pairs)
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in pairs)
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    r = sxy / (sx * sy)
    half = 1.96 / math.sqrt(n - 3)
    z = math.atanh(max(-0.999999, min(0.999999, r)))
    return r, math.tanh(z - half), math.tanh(z + half)


def mean_interval(values: list[float]) -> dict[str, float]:
    """Mean, count and a normal 95% interval of the mean."""
    n = len(values)
    mean = sum(values) / n if n else float("nan")
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else float("nan")
    half = 1.96 * sd / math.sqrt(n) if n > 1 else float("nan")
    return {"n": n, "mean": mean, "low": mean - half, "high": mean + half}


def agreement(settings: Settings) -> dict[str, Any]:
    """Engine accuracy against chess.com's on both sides of every analysed game; blunders by chess.com band."""
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as connection:
        connection.execute(f"ATTACH '{settings.analytics_path}' AS analytics (READ_ONLY)")
        rows = connection.execute(SIDES_SQL).fetchall()
    pairs = [(engine, chess_com) for engine, chess_com, _ in rows]
    r, low, high = pearson(pairs)
    return {
        "sides": len(pairs),
        "pearson_r": r,
        "pearson_r_low": low,
        "pearson_r_high": high,
        "mean_difference": mean_interval([engine - chess_com for engine, chess_com in pairs]),
        "blunders_below_75": mean_interval([float(b) for _, c, b in rows if c < 75]),
        "blunders_90_or_more": mean_interval([float(b) for _, c, b in rows if c >= 90]),
    }


def measure(base_home: Path, work: Path, nodes: int, games: int) -> dict[str, Any]:
    """Analyse `games` games at `nodes` on a copy of the ingested home, build, and measure."""
    home = work / f"nodes-{nodes}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    shutil.copy(base_home / "warehouse.duckdb", home / "warehouse.duckdb")
    settings = load_settings(
        home=home, chess_usernames=PLAYER, timezone="UTC", analysis_nodes=nodes
    )
    load_before = os.getloadavg()[0]
    report = analyse_chess(settings, max_games=games)
    load_after = os.getloadavg()[0]
    started = time.perf_counter()
    build_and_publish(settings)
    build_seconds = time.perf_counter() - started
    per_game = report.positions / max(1, report.analysed)
    seconds_10k = HISTORY_GAMES * per_game / report.positions_per_second
    return {
        "nodes": nodes,
        "engine": report.engine,
        "workers": report.workers,
        "games": report.analysed,
        "positions": report.positions,
        "seconds": report.seconds,
        "positions_per_second": report.positions_per_second,
        "positions_per_second_per_core": report.positions_per_second / report.workers,
        "positions_per_game": per_game,
        "hours_for_10k_games": seconds_10k / 3600,
        "build_seconds": build_seconds,
        "load_average_before": load_before,
        "load_average_after": load_after,
        "agreement": agreement(settings),
    }


def markdown(results: dict[str, Any]) -> str:
    """The results as a Markdown table, one row per node limit."""
    lines = [
        f"# Move analysis cost and agreement ({results['started_at']}, commit {results['versions'].get('git_commit', '?')})",
        "",
        f"Real hikaru months of the fixtures, {results['games']} newest standard games per row; "
        f"{results['machine'].get('cores', '?')} cores, shared with other jobs (load averages below).",
        "",
        "| nodes | games | positions/s (all engines) | per core | 10,000 games | Pearson r (95% CI), sides "
        "| engine - chess.com (95% CI) | blunders/side, chess.com <75 | >=90 | load avg |",
        "|---:|---:|---:|---:|---:|---|---|---|---|---|",
    ]
    for row in results["rows"]:
        a = row["agreement"]
        diff, low, high = a["mean_difference"], a["blunders_below_75"], a["blunders_90_or_more"]
        lines.append(
            f"| {row['nodes']:,} | {row['games']} | {row['positions_per_second']:.1f} "
            f"| {row['positions_per_second_per_core']:.1f} | {row['hours_for_10k_games']:.1f} h "
            f"| {a['pearson_r']:.2f} ({a['pearson_r_low']:.2f}-{a['pearson_r_high']:.2f}), {a['sides']} "
            f"| {diff['mean']:+.1f} ({diff['low']:+.1f} to {diff['high']:+.1f}) "
            f"| {low['mean']:.2f} ({low['low']:.2f}-{low['high']:.2f}), n={low['n']} "
            f"| {high['mean']:.2f} ({high['low']:.2f}-{high['high']:.2f}), n={high['n']} "
            f"| {row['load_average_before']:.1f} / {row['load_average_after']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Ingest once, then analyse and build once per node limit; write engine-latest.json and .md."""
    args = parse_args(argv)
    nodes = args.nodes or [load_settings().analysis_nodes]
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="lifemetrics-engine-bench-"))
    os.environ["LIFEMETRICS_CONFIG"] = os.devnull  # no lifemetrics.toml of the machine
    started = datetime.now(UTC).isoformat(timespec="seconds")
    base = ingested_home(work)
    rows = [measure(base, work, limit, args.games) for limit in nodes]
    results = {
        "started_at": started,
        "games": args.games,
        "machine": machine_info(),
        "versions": versions(),
        "rows": rows,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "engine-latest.json").write_text(json.dumps(results, indent=2))
    (args.out / "engine-latest.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
