"""The machine and the versions a result was measured with."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.processes import REPO_ROOT

PACKAGES = (
    "lifemetrics",
    "dlt",
    "duckdb",
    "dbt-core",
    "dbt-duckdb",
    "pyarrow",
    "orjson",
    "requests",
    "plotly",
)


def _meminfo_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine_info() -> dict[str, Any]:
    """Cores, memory, CPU, OS, and the load when the run started (the machines here are shared)."""
    return {
        "cores": os.cpu_count(),
        "memory_gb": _meminfo_gb(),
        "cpu": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


def versions() -> dict[str, Any]:
    """Installed versions of what the pipeline runs on, and the commit measured."""
    found: dict[str, Any] = {}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    found["git_commit"] = _git("rev-parse", "--short", "HEAD")
    found["git_dirty"] = bool(_git("status", "--porcelain", "--", "src"))
    return found
