"""The lakehouse scenario's phases: the same back-fill and no-change daily run with LIFEMETRICS_ENGINE=trino.

A fresh home gets its own local lakehouse (`lifemetrics lakehouse up`: SeaweedFS, PostgreSQL, Trino),
started before and stopped after these phases; the services' memory and CPU are recorded with each phase.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lifemetrics.lakehouse.local import LocalLakehouse

TRINO_PHASES = ("back-fill, trino", "daily, no change, trino")


def lakehouse_environment_missing() -> str | None:
    """Why the Trino phases cannot run in this interpreter (None when they can)."""
    missing = [name for name in ("trino", "pyiceberg") if importlib.util.find_spec(name) is None]
    if not missing:
        return None
    return (
        f"the lakehouse scenario needs {', '.join(missing)}: run `make lakehouse`, then "
        "`.venv-lakehouse/bin/python -m bench --scenario lakehouse-100k`"
    )


def run_trino_phases(
    config: dict[str, Any],
    home: Path,
    phase: Callable[[str, dict[str, Any], dict[str, int]], None],
    say: Callable[[str], None],
) -> None:
    """Back-fill and re-run `config`'s pipeline on the Trino engine, in `home`, with its services up."""
    local = LocalLakehouse(home / "lakehouse")
    say(f"starting the lakehouse under {local.root}")
    state = local.up()
    trino_config = {
        **config,
        "settings": {**config["settings"], "home": str(home), "engine": "trino"},
    }
    try:
        for name in TRINO_PHASES:
            phase(name, trino_config, dict(state.pids))
    finally:
        local.down()
