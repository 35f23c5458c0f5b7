"""The dbt project itself: shipped in the wheel and run from there, a unit test for every mart, key
tests on every model, and its documentation site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from models_support import MARTS, ZONE, BuiltHome, built_home  # noqa: F401
from typer.testing import CliRunner

from lifemetrics.cli.main import _register_commands, app
from lifemetrics.settings import load_settings
from lifemetrics.warehouse.build import published_models
from lifemetrics.warehouse.dbt_runner import PROJECT_DIR, dbt_project

REPO = Path(__file__).resolve().parents[1]
KEY_TESTS = {"unique", "unique_combination_of_columns"}

BUILD_FROM_WHEEL = """
import sys
from lifemetrics.warehouse.dbt_runner import PROJECT_DIR
assert str(PROJECT_DIR).startswith(sys.argv[1]), PROJECT_DIR
from lifemetrics.cli.main import main
sys.argv = ["lifemetrics", "build"]
main()
"""


def uv() -> str:
    found = shutil.which("uv") or str(REPO / ".tools" / "bin" / "uv")
    if not Path(found).exists():
        pytest.skip("uv is not installed")
    return found


def project_files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def test_the_wheel_ships_the_dbt_project_and_builds_from_it(tmp_path: Path) -> None:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    subprocess.run(
        [uv(), "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(REPO)],
        check=True,
        capture_output=True,
        env=env,
        timeout=300,
    )
    [wheel] = (tmp_path / "dist").glob("lifemetrics-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    installed = site / "lifemetrics" / "models"
    shipped = project_files(installed)
    assert shipped == {
        name for name in project_files(PROJECT_DIR) if not name.startswith(("target/", "logs/"))
    }

    home = tmp_path / "home"
    env.update(PYTHONPATH=str(site), LIFEMETRICS_HOME=str(home), LIFEMETRICS_TIMEZONE=ZONE)
    built = subprocess.run(
        [sys.executable, "-c", BUILD_FROM_WHEEL, str(site)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert built.returncode == 0, built.stderr
    assert (home / "analytics.duckdb").exists() and (
        home / "dbt" / "target" / "run_results.json"
    ).exists()
    assert project_files(installed) == shipped, "dbt wrote into the installed package"


def test_every_mart_has_a_unit_test_and_every_model_a_key_test() -> None:
    manifest = dbt_project(load_settings()).manifest()
    assert published_models(manifest) == MARTS
    unit_tested = {test.model for test in manifest.unit_tests.values()}
    python_marts = {
        node.name
        for node in manifest.nodes.values()
        if getattr(node, "language", "sql") == "python"
    }
    assert python_marts == {
        "health_score_drivers"
    }  # dbt unit-tests SQL only: tests/test_health_score_drivers.py
    assert set(MARTS) - python_marts <= unit_tested
    key_tested = {
        node.attached_node.split(".")[-1]
        for node in manifest.nodes.values()
        if getattr(node, "test_metadata", None) and node.test_metadata.name in KEY_TESTS
    }
    models = {node.name for node in manifest.nodes.values() if node.resource_type == "model"}
    assert models <= key_tested


def test_docs_site_holds_every_model_and_the_lineage(
    built_home: BuiltHome, isolated_env: Path
) -> None:
    shutil.copytree(built_home.home, isolated_env)
    _register_commands()
    result = CliRunner().invoke(
        app, ["docs"], env={"LIFEMETRICS_TIMEZONE": ZONE}, catch_exceptions=False
    )
    index = isolated_env / "docs" / "index.html"
    assert result.exit_code == 0 and str(index) in " ".join(result.stdout.split())
    page = index.read_text()
    for model in MARTS:
        assert f"model.lifemetrics.{model}" in page
    assert '"parent_map"' in page and '"child_map"' in page
