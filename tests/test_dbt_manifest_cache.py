"""dbt's parsed project is kept between processes: a new process or home loads it instead of parsing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lifemetrics.settings import load_settings
from lifemetrics.warehouse import dbt_manifest_cache, dbt_runner
from lifemetrics.warehouse.dbt_manifest_cache import manifest_key

LOAD_IN_A_NEW_PROCESS = """
import sys, time
from pathlib import Path
from lifemetrics.settings import load_settings
from lifemetrics.warehouse import dbt_manifest_cache, dbt_runner
dbt_manifest_cache.CACHE_DIR = Path(sys.argv[1])
def no_parse(self):
    raise SystemExit("parsed")
dbt_runner.DbtProject._runner = no_parse
manifest = dbt_runner.dbt_project(load_settings(home=Path(sys.argv[2]), timezone="UTC")).manifest()
print(sorted(n.checksum.checksum for n in manifest.nodes.values() if n.resource_type == "model")[:3])
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(dbt_manifest_cache, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(dbt_runner, "_manifests", {})
    monkeypatch.setattr(dbt_runner, "_projects", {})
    return tmp_path / "cache"


def test_a_parse_is_kept_and_a_new_process_in_another_home_loads_it(cache_dir, tmp_path):
    manifest = dbt_runner.dbt_project(load_settings(home=tmp_path / "a", timezone="UTC")).manifest()
    models = sorted(
        node.checksum.checksum for node in manifest.nodes.values() if node.resource_type == "model"
    )
    assert len(list(cache_dir.glob("*.msgpack"))) == 1

    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_IN_A_NEW_PROCESS, str(cache_dir), str(tmp_path / "b")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == str(models[:3])


def test_the_key_changes_with_the_project_its_place_the_time_zone_and_the_database(tmp_path):
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "models" / "a.sql").write_text("select 1")
    first = manifest_key(project, "UTC", "warehouse")
    assert manifest_key(project, "UTC", "warehouse") == first
    assert manifest_key(project, "Europe/Madrid", "warehouse") != first
    assert manifest_key(project, "UTC", "other") != first
    shutil.copytree(project, tmp_path / "copy")
    assert manifest_key(tmp_path / "copy", "UTC", "warehouse") != first, (
        "seeds are read from the place"
    )
    (project / "models" / "a.sql").write_text("select 2")
    assert manifest_key(project, "UTC", "warehouse") != first


def test_a_damaged_kept_parse_is_parsed_again(cache_dir, tmp_path):
    settings = load_settings(home=tmp_path / "a", timezone="UTC")
    key = manifest_key(dbt_runner.PROJECT_DIR, "UTC", settings.warehouse_path.stem)
    cache_dir.mkdir(parents=True)
    (cache_dir / f"{key}.msgpack").write_bytes(b"\x00 not a manifest")

    manifest = dbt_runner.dbt_project(settings).manifest()

    assert any(node.resource_type == "model" for node in manifest.nodes.values())
    assert dbt_manifest_cache.cached_manifest(key) is not None  # kept anew


def test_only_the_newest_parses_are_kept(cache_dir):
    cache_dir.mkdir(parents=True)
    for number in range(dbt_manifest_cache.KEPT_PARSES + 3):
        old = cache_dir / f"old{number:02d}.msgpack"
        old.write_bytes(b"x")
        os.utime(old, (number, number))

    class Tiny:
        def to_msgpack(self, encoder):
            return b"new"

    dbt_manifest_cache.store_manifest("new", Tiny())

    kept = sorted(path.name for path in cache_dir.glob("*.msgpack"))
    assert len(kept) == dbt_manifest_cache.KEPT_PARSES and "new.msgpack" in kept
    assert "old00.msgpack" not in kept
