"""The raw pipelines send no usage telemetry to dlthub unless the user turns it on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
from lifemetrics.settings import load_settings
from lifemetrics.warehouse.pipelines import raw_pipeline
from dlt.common.runtime import anon_tracker
raw_pipeline(load_settings(home={home!r}, timezone="UTC"), "probe").run([{{"a": 1}}], table_name="t")
print(anon_tracker._ANON_TRACKER_ENDPOINT)
"""


def tracker_endpoint(home: Path, **env: str) -> str:
    """Run a tiny load in a fresh interpreter; return where dlt's anonymous tracker would send events."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(home=str(home))],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), **env},
    )
    return done.stdout.strip().splitlines()[-1]


def test_no_telemetry_by_default(tmp_path: Path) -> None:
    assert tracker_endpoint(tmp_path) == "None"


def test_the_user_can_still_turn_it_on(tmp_path: Path) -> None:
    assert tracker_endpoint(tmp_path, RUNTIME__DLTHUB_TELEMETRY="true") != "None"
