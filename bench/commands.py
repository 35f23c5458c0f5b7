"""A `lifemetrics` command as a measured phase: run as a user runs it, its settings as variables."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def command_config(
    config: dict[str, Any], home: Path, args: list[str], **settings: str
) -> dict[str, Any]:
    """`lifemetrics <args>` on `home` with the pipeline's chess settings (and `settings`) as
    LIFEMETRICS_* variables."""
    chosen = {**config["settings"], "home": str(home), **settings}
    env = {
        f"LIFEMETRICS_{name.upper()}": ",".join(value) if isinstance(value, list) else str(value)
        for name, value in chosen.items()
        if not name.startswith("oura_")
    }
    return {"kind": "command", "args": args, "env": env}
