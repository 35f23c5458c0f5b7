"""Both stand-ins in their own process, so their memory and CPU are not the pipeline's.

`python -m bench.serve CONFIG.json` serves chess.com months from a directory (read from disk per request)
and, when `health_days` > 0, a synthetic Oura ring; it prints one JSON line (URLs, token, ports), then
answers JSON commands on stdin, one per line, each with one JSON line on stdout:
- {"cmd": "add_games", "player": p, "count": n}: n new games in p's current month (UTC);
- {"cmd": "add_days", "days": n}: n new days of Oura data after the last one;
- {"cmd": "requests"}: requests received since the last call, per service, and forget them;
- {"cmd": "quit"}.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lifemetrics.standins.chess_com import ChessComStandIn
from lifemetrics.standins.oura import OuraStandin
from lifemetrics.synthetic.health import generate_person


def new_game_like(template: dict[str, Any], end_time: int) -> dict[str, Any]:
    """A copy of `template` played just now: new uuid, url and end time (PGN and players kept)."""
    game = dict(template)
    game["uuid"] = str(uuid.uuid4())
    game["url"] = (
        f"{template.get('url', 'https://www.chess.com/game/live/0').rsplit('/', 1)[0]}/{end_time}"
    )
    game["end_time"] = end_time
    return game


def latest_month(chess_dir: Path, player: str) -> str:
    """'YYYY-MM' of the player's last month file (API layout `<player>/games/<YYYY>/<MM>.json`)."""
    last = sorted((chess_dir / player / "games").glob("*/*.json"))[-1]
    return f"{last.parent.name}-{last.stem}"


def add_games(chess: ChessComStandIn, chess_dir: Path, player: str, count: int) -> dict[str, Any]:
    """Add `count` games to the player's current month, modelled on the last game the player has."""
    template = chess.games(player, latest_month(chess_dir, player))[-1]
    now = datetime.now(timezone.utc)
    month = f"{now.year:04d}-{now.month:02d}"
    for offset in range(count):
        chess.add_game(
            player, month, new_game_like(template, int(now.timestamp()) - count + offset)
        )
    return {"month": month, "added": count}


def request_counts(servers: dict[str, Any]) -> dict[str, int]:
    """Requests each stand-in received since the last call; the logs are cleared."""
    counts = {}
    for name, standin in servers.items():
        counts[name] = len(standin.server.requests)
        standin.server.clear_log()
    return counts


def serve(config: dict[str, Any]) -> None:
    """Start the stand-ins, announce them, answer commands until `quit` or end of input."""
    with ExitStack() as stack:
        servers: dict[str, Any] = {}
        hello: dict[str, Any] = {"ports": {}}
        chess = stack.enter_context(ChessComStandIn.from_directory(Path(config["chess_dir"])))
        servers["chess"] = chess
        hello["chess_api_url"] = chess.api_url
        hello["ports"][chess.server.base_url.rsplit(":", 1)[1]] = "chess"
        if config.get("health_days"):
            started = time.perf_counter()
            person = generate_person(
                config["health_days"], seed=config.get("seed", 7), timezone=config["timezone"]
            )
            oura = stack.enter_context(OuraStandin(person))
            servers["oura"] = oura
            hello.update(
                oura_api_url=oura.url,
                oura_token=oura.issue_token(lifetime=None),
                health_first_day=person.first_day.isoformat(),
                health_generate_s=round(time.perf_counter() - started, 2),
            )
            hello["ports"][oura.url.rsplit(":", 1)[1]] = "oura"
        print(json.dumps(hello), flush=True)
        for line in sys.stdin:
            command = json.loads(line)
            if command["cmd"] == "quit":
                break
            if command["cmd"] == "add_games":
                answer = add_games(
                    chess, Path(config["chess_dir"]), command["player"], command["count"]
                )
            elif command["cmd"] == "add_days":
                servers["oura"].add_days(command["days"])
                answer = {"added_days": command["days"]}
            elif command["cmd"] == "requests":
                answer = request_counts(servers)
            else:
                answer = {"error": f"unknown command {command['cmd']!r}"}
            print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    serve(json.loads(Path(sys.argv[1]).read_text()))
