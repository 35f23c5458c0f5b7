"""The parsed dbt project kept between processes, so a new process (or a new home) skips dbt's parse.

dbt's own partial parsing is per home: its file is keyed on the profile, which names the home's
warehouse. The parsed project itself names no file of any home, so one copy serves every home of
the user: it is kept under the user's cache directory, keyed on everything parsing reads (the
project's place and files, dbt's and its DuckDB adapter's versions, the time zone and the database
name). The place counts because the parse names it: a seed is read from the project's own folder,
so a copy of the project elsewhere, with the same files, needs a parse of its own. On DuckDB only;
the lakehouse engines parse per process, as before.
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from pathlib import Path
from typing import Any

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lifemetrics" / "dbt"
# Parses kept at most (about 1.4 MB each): one per time zone in use, and a few of earlier versions.
KEPT_PARSES = 8


def manifest_key(project_dir: Path, timezone: str, database: str) -> str:
    """A hash of what a parse of `project_dir` depends on."""
    digest = hashlib.sha256()
    place = str(project_dir.resolve())
    for part in (version("dbt-core"), version("dbt-duckdb"), place, timezone, database):
        digest.update(part.encode() + b"\0")
    for path in sorted(project_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(project_dir)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cached_manifest(key: str) -> Any | None:
    """The manifest stored under `key`, or None (never stored, or unreadable: it is parsed again)."""
    path = CACHE_DIR / f"{key}.msgpack"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    from dbt.contracts.graph.manifest import Manifest
    from dbt.parser.manifest import extended_mashumuro_decoder

    try:
        return Manifest.from_msgpack(data, decoder=extended_mashumuro_decoder)
    except Exception:  # a damaged file: parsed again, and kept anew
        path.unlink(missing_ok=True)
        return None


def store_manifest(key: str, manifest: Any) -> None:
    """Keep `manifest` under `key`, written whole or not at all (a full disk only skips the cache)."""
    from dbt.parser.manifest import extended_mashumaro_encoder

    path = CACHE_DIR / f"{key}.msgpack"
    partial = path.with_suffix(f".{os.getpid()}.partial")
    try:
        CACHE_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial.write_bytes(manifest.to_msgpack(extended_mashumaro_encoder))
        partial.replace(path)
        kept = sorted(CACHE_DIR.glob("*.msgpack"), key=lambda kept: kept.stat().st_mtime)
        for stale in kept[:-KEPT_PARSES]:
            stale.unlink(missing_ok=True)
    except OSError:
        partial.unlink(missing_ok=True)
