"""Games per second of the chess source's extraction on one core, on month files already on disk.

Two figures: the PGN columns alone (`extract_pgn_fields`, the target's "PGN extraction"), and a whole
month body to its Arrow table (`parse_month_games` + `games_table`: JSON, flattening, PGN, Arrow).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.measure import Meter


def month_files(data_dir: Path) -> list[Path]:
    """The cached month files (API layout `<player>/games/<YYYY>/<MM>.json`), in order."""
    return sorted(data_dir.glob("*/games/*/*.json"))


def measure_extraction(data_dir: Path, meter: Meter, max_games: int | None = None) -> None:
    """Read up to `max_games` games' months into memory, then time both extraction figures."""
    from lifemetrics.sources.chess_com.games_table import games_table, parse_month_games
    from lifemetrics.sources.chess_com.pgn import extract_pgn_fields

    with meter.stage("read month files") as detail:
        bodies = []
        games = 0
        for path in month_files(data_dir):
            body = path.read_bytes()
            parsed = parse_month_games(body, str(path))
            bodies.append((path, body, parsed))
            games += len(parsed)
            if max_games and games >= max_games:
                break
        detail["games"], detail["months"] = games, len(bodies)
    with meter.stage("extract PGN columns") as detail:
        started = time.process_time()
        for _, _, parsed in bodies:
            for game in parsed:
                extract_pgn_fields(game.get("pgn"), game.get("initial_setup"), game.get("tcn"))
        detail["games"] = games
        detail["games_per_cpu_s"] = round(games / max(time.process_time() - started, 1e-9))
    with meter.stage("month body to Arrow table") as detail:
        started = time.process_time()
        for path, body, _ in bodies:
            player, month = path.parts[-4], f"{path.parts[-2]}-{path.stem}"
            games_table(parse_month_games(body, str(path)), player, month)
        detail["games"] = games
        detail["games_per_cpu_s"] = round(games / max(time.process_time() - started, 1e-9))
