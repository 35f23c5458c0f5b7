"""`lifemetrics --help` and a configuration error answer at once: the heavy libraries are imported only
by the commands that use them. The times are recorded (test properties, and printed), not asserted."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from run_support import LIFEMETRICS

HEAVY = (
    "pydantic",
    "pydantic_settings",
    "duckdb",
    "dlt",
    "dbt",
    "plotly",
    "requests",
    "pyarrow",
    "jinja2",
)
REGISTER = "import sys, lifemetrics.cli.main as m; m._register_commands(); print(sorted(set(sys.argv[1:]) & set(sys.modules)))"
TIMES = 3


def timed(
    *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run `lifemetrics <args>` TIMES times: the last result, the fastest wall and CPU seconds."""
    walls, cpus = [], []
    for _ in range(TIMES):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(
            [LIFEMETRICS, *args],
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            timeout=60,
        )
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return result, min(walls), min(cpus)


def test_registering_every_command_imports_no_heavy_library() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", REGISTER, *HEAVY], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


def test_help_names_the_config_file_and_shows_no_bool_metavar(
    record_property: pytest.RecordProperty,
) -> None:
    result, wall, cpu = timed("--help")
    record_property("help_wall_seconds", round(wall, 3))
    record_property("help_cpu_seconds", round(cpu, 3))
    print(
        f"lifemetrics --help: {wall:.2f} s wall, {cpu:.2f} s CPU (fastest of {TIMES}, load {os.getloadavg()[0]:.1f})"
    )
    assert result.returncode == 0
    assert "lifemetrics.toml" in result.stdout
    for command in (["run"], ["build"], ["dashboard"], ["oura", "login"]):
        helped = subprocess.run(
            [LIFEMETRICS, *command, "--help"], capture_output=True, text=True, check=True
        )
        assert "<bool>" not in helped.stdout, helped.stdout


def test_a_config_error_answers_without_the_pipeline(
    tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    config = tmp_path / "lifemetrics.toml"
    config.write_text('chess_username = ["hikaru"]\n')
    result, wall, cpu = timed("status", env={"LIFEMETRICS_CONFIG": str(config)})
    record_property("config_error_wall_seconds", round(wall, 3))
    record_property("config_error_cpu_seconds", round(cpu, 3))
    print(
        f"config error: {wall:.2f} s wall, {cpu:.2f} s CPU (fastest of {TIMES}, load {os.getloadavg()[0]:.1f})"
    )
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"error: unknown setting `chess_username` in {config} (did you mean `chess_usernames`?)"
    )
