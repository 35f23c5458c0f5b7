"""dbt's documentation site of the models: descriptions, columns, tests and the lineage graph."""

from __future__ import annotations

import os
from pathlib import Path

from lifemetrics.settings import Settings
from lifemetrics.warehouse.dbt_runner import dbt_project


def docs_dir(settings: Settings) -> Path:
    """Where `lifemetrics docs` writes the site."""
    return settings.home / "docs"


def generate_docs(settings: Settings) -> Path:
    """Generate the site under LIFEMETRICS_HOME/docs; returns its index.html, which opens from disk.

    dbt's own index.html fetches manifest.json and catalog.json, which browsers refuse over file://;
    its `--static` page inlines both, so it replaces index.html (it still works when served).
    """
    target = docs_dir(settings)
    dbt_project(settings).invoke(["docs", "generate", "--static"], target_dir=target)
    index = target / "index.html"
    os.replace(target / "static_index.html", index)
    return index
