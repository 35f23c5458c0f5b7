"""Shared fixtures: every test gets its own LIFEMETRICS_HOME and no config file from the developer's machine."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = [
    "oura_support",  # the Oura stand-in fixtures: `person`, `api`
    "browser_support",  # `browser`: one headless chromium per session
]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh LIFEMETRICS_HOME per test; no LIFEMETRICS_* leaking in from the shell; no move analysis in runs."""
    import os

    for name in list(os.environ):
        if name.startswith("LIFEMETRICS_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    monkeypatch.setenv("LIFEMETRICS_HOME", str(home))
    config = tmp_path / "lifemetrics.toml"
    config.touch()  # an empty config file: tests that need settings in it write them here
    monkeypatch.setenv("LIFEMETRICS_CONFIG", str(config))
    monkeypatch.setenv("LIFEMETRICS_TIMEZONE", "UTC")
    # `lifemetrics run` analyses chess games for a while by default; the analysis tests turn it on themselves
    monkeypatch.setenv("LIFEMETRICS_ANALYSIS_RUN_SECONDS", "0")
    return home
