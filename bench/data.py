"""Generated chess.com histories written once as month files, cached for later runs of the benchmark.

Layout is the API's (`<dir>/<player>/games/<YYYY>/<MM>.json`, each `{"games": [...]}`), which the chess.com
stand-in serves from disk, one file per request: a million games cost the stand-in no memory. A cache
entry is named by everything that shapes it (scenario, players, games, seed, last month) and is only
used once its `complete` marker exists.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from bench.scenarios import Scenario

COMPLETE_MARKER = "complete"


def current_month() -> str:
    """'YYYY-MM' now (UTC): generated histories end in it, so daily runs find it and the previous one."""
    now = datetime.now(timezone.utc)
    return f"{now.year:04d}-{now.month:02d}"


def cache_entry(cache_dir: Path, scenario: Scenario) -> Path:
    """Where a scenario's month files live (scenarios of the same shape share them)."""
    name = f"{scenario.players}p-{scenario.games}g-seed{scenario.seed}-to{current_month()}"
    return cache_dir / "chess" / name


def player_months(
    player: str, games: int, seed: int, pool: Any
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """('YYYY-MM', games) of one generated player, month by month, ending in the current month."""
    from lifemetrics.synthetic.chess.games import iter_player_history

    return iter_player_history(player, games, seed, pool=pool)


def shared_pool(scenario: Scenario) -> Any:
    """One pool of played game bodies for every player of a big scenario (None: play every game fresh)."""
    from lifemetrics.synthetic.chess.games import FRESH_LIMIT, build_game_pool

    return (
        build_game_pool(scenario.seed) if max(scenario.games_per_player()) > FRESH_LIMIT else None
    )


def write_month(directory: Path, player: str, month: str, games: list[dict[str, Any]]) -> int:
    """Write one month file; returns its size in bytes."""
    year, mm = month.split("-")
    path = directory / player / "games" / year / f"{mm}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = orjson.dumps({"games": games})
    path.write_bytes(body)
    return len(body)


def ensure_chess_data(cache_dir: Path, scenario: Scenario) -> tuple[Path, dict[str, Any]]:
    """The scenario's month directory, generated unless cached; and what it holds."""
    entry = cache_entry(cache_dir, scenario)
    marker = entry / COMPLETE_MARKER
    if marker.exists():
        return entry, orjson.loads(marker.read_bytes())
    shutil.rmtree(entry, ignore_errors=True)
    started = time.perf_counter()
    months = games = size = 0
    pool = shared_pool(scenario)
    for number, (player, count) in enumerate(
        zip(scenario.player_names(), scenario.games_per_player())
    ):
        for month, month_games in player_months(player, count, scenario.seed + number, pool):
            size += write_month(entry, player, month, month_games)
            months += 1
            games += len(month_games)
    summary = {
        "games": games,
        "months": months,
        "bytes": size,
        "generate_s": round(time.perf_counter() - started, 1),
    }
    marker.write_bytes(orjson.dumps(summary))
    return entry, summary
