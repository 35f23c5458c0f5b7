"""What a demo home holds, written by `lifemetrics demo` so `lifemetrics status` can describe it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

MARKER = "demo.json"
DEMO_DIR = "demo"


@dataclass(frozen=True)
class DemoData:
    """The demo's synthetic data: its player, how many games and days, from which seed."""

    player: str
    games: int
    days: int
    seed: int

    def describe(self) -> str:
        """One line saying what the demo's data is."""
        return (
            f"the demo's synthetic data: {self.games} chess games of {self.player} and {self.days} "
            f"days of Oura data (seed {self.seed}), served by local stand-ins during `lifemetrics demo`"
        )


def write_demo_marker(home: Path, data: DemoData) -> None:
    """Note in `home` that it is a demo home holding `data`."""
    (home / MARKER).write_text(json.dumps(asdict(data)) + "\n", encoding="utf-8")


def read_demo_marker(home: Path) -> DemoData | None:
    """The demo data `home` holds, or None when it is not a demo home (or its note is unreadable)."""
    try:
        return DemoData(**json.loads((home / MARKER).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
