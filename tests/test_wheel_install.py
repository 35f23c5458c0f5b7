"""A wheel of lifemetrics installed with `uv tool install` into a fresh tool directory runs the whole
demo outside the repository: the dbt project, templates and assets travel inside the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
UV = REPOSITORY / ".tools" / "bin" / "uv"

pytestmark = pytest.mark.wheel


def uv() -> str:
    """The repository's uv (`make setup` bootstraps it), else one on PATH."""
    found = str(UV) if UV.exists() else shutil.which("uv")
    if found is None:
        pytest.skip("uv is not installed (make setup installs it in .tools/)")
    return found


def fresh_user_env(root: Path) -> dict[str, str]:
    """A user with an empty home directory, no lifemetrics settings and no virtualenv active."""
    home = root / "user"
    home.mkdir()
    keep = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("LIFEMETRICS_", "VIRTUAL_ENV", "PYTHON", "XDG_", "UV_TOOL"))
    }
    return {
        **keep,
        "HOME": str(home),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_TOOL_DIR": str(root / "tools"),
        "UV_TOOL_BIN_DIR": str(root / "bin"),
    }


def test_the_installed_wheel_runs_the_demo_outside_the_repository(tmp_path: Path) -> None:
    env = fresh_user_env(tmp_path)
    dist = tmp_path / "dist"
    subprocess.run(
        [uv(), "build", "--wheel", "--out-dir", str(dist), str(REPOSITORY)],
        check=True,
        capture_output=True,
        env=env,
        timeout=300,
    )
    (wheel,) = dist.glob("lifemetrics-*.whl")
    subprocess.run(
        [uv(), "tool", "install", "--python", "3.11", str(wheel)],
        check=True,
        capture_output=True,
        env=env,
        timeout=600,
    )
    lifemetrics = tmp_path / "bin" / "lifemetrics"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    demo = subprocess.run(
        [str(lifemetrics), "demo", "--games", "200", "--days", "30"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    demo_home = Path(env["HOME"]) / ".local" / "share" / "lifemetrics" / "demo"
    assert (demo_home / "analytics.duckdb").is_file()
    assert (demo_home / "dashboard" / "index.html").is_file()
    assert str(demo_home / "dashboard" / "index.html") in " ".join(demo.stdout.split())
    assert not list(elsewhere.iterdir()), "nothing written to the working directory"
    status = subprocess.run(
        [str(lifemetrics), "status"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = " ".join(status.stdout.split())
    assert status.returncode == 0, status.stderr
    assert (
        f"{demo_home} holds the demo's synthetic data: 200 chess games of demo_player and 30 days"
        in said
    )
    assert "chess: last run" in said and "oura: last run" in said
    assert "authorisation: none" not in said
