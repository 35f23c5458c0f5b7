"""The walls of the house: which parts of lifemetrics may import which (README: Development)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "lifemetrics"

# part -> prefixes it must never import
FORBIDDEN = {
    "sources": (
        "lifemetrics.dashboards",
        "lifemetrics.orchestration",
        "lifemetrics.cli",
        "lifemetrics.standins",
        "lifemetrics.synthetic",
    ),
    "warehouse": (
        "lifemetrics.dashboards",
        "lifemetrics.orchestration",
        "lifemetrics.cli",
        "lifemetrics.standins",
        "lifemetrics.synthetic",
    ),
    "dashboards": (
        "lifemetrics.sources",
        "lifemetrics.warehouse",
        "lifemetrics.orchestration",
        "lifemetrics.cli",
        "lifemetrics.standins",
        "lifemetrics.synthetic",
    ),
    "orchestration": ("lifemetrics.cli", "lifemetrics.standins", "lifemetrics.synthetic"),
    # the watch writes raw and reads nothing published; the CLI and its tests drive it
    "watch": (
        "lifemetrics.dashboards",
        "lifemetrics.cli",
        "lifemetrics.standins",
        "lifemetrics.synthetic",
    ),
    # the bundle is written from the published file alone; Superset itself is not in the core install
    "superset": (
        "lifemetrics.sources",
        "lifemetrics.warehouse",
        "lifemetrics.dashboards",
        "lifemetrics.orchestration",
        "lifemetrics.cli",
        "lifemetrics.standins",
        "lifemetrics.synthetic",
        "superset",
        "flask",
    ),
}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at top level or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_part_imports_only_what_it_may(part: str) -> None:
    breaches = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / part).rglob("*.py"))
        for name in imported_modules(path)
        if name.startswith(FORBIDDEN[part])
    ]
    assert not breaches, breaches
