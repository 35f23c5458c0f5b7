"""The machine and the versions a result was measured with."""

from __future__ import annotations

import importlib.util
import os
import platform
import subprocess
import sys
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


# Packages whose imports every phase pays for: the project's own, and the biggest it imports.
BYTECODE_PACKAGES = ("lifemetrics", "dlt", "dbt", "pyarrow", "duckdb")


def compiled_share(package: str) -> dict[str, Any] | None:
    """How many of a package's modules have bytecode cached for this Python (None if not installed).

    Without it every fresh process compiles its imports from source (uv installs without bytecode
    unless told `--compile-bytecode`; PYTHONDONTWRITEBYTECODE=1 stops Python writing it on import).
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    sources = [
        path for root in spec.submodule_search_locations for path in Path(root).rglob("*.py")
    ]
    compiled = sum(Path(importlib.util.cache_from_source(str(path))).exists() for path in sources)
    return {"modules": len(sources), "compiled": compiled}


def dbt_manifest_kept(timezone_name: str) -> bool:
    """Whether dbt's parsed project for the runs' time zone was kept by an earlier process (`make
    setup` keeps it for the machine's time zone): if not, the first build of the run parses it."""
    from lifemetrics.warehouse.dbt_manifest_cache import CACHE_DIR, manifest_key
    from lifemetrics.warehouse.dbt_runner import PROJECT_DIR

    return (CACHE_DIR / f"{manifest_key(PROJECT_DIR, timezone_name, 'warehouse')}.msgpack").exists()


def bytecode_info(timezone_name: str) -> dict[str, Any]:
    """Whether the measured processes found compiled bytecode or compiled their imports themselves,
    and whether dbt's parsed project was kept."""
    return {
        "dont_write_bytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
        "python": sys.executable,
        "packages": {package: compiled_share(package) for package in BYTECODE_PACKAGES},
        "dbt_manifest_kept": dbt_manifest_kept(timezone_name),
    }


def bytecode_shown(info: dict[str, Any]) -> str:
    """'bytecode: lifemetrics 120/120, dlt 0/600 ... modules compiled'."""
    parts = [
        f"{name} {share['compiled']:,}/{share['modules']:,}"
        for name, share in info["packages"].items()
        if share
    ]
    writes = "off" if info["dont_write_bytecode"] else "on"
    kept = {True: "yes", False: "no (the first build parses it)", None: "not recorded"}[
        info.get("dbt_manifest_kept")
    ]
    return (
        f"bytecode compiled: {', '.join(parts)} modules (writing on import {writes}); "
        f"dbt's parsed project kept at the start: {kept}"
    )


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
