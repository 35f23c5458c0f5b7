"""Colours have one definition: lifemetrics/palette.py; pages, figures and Superset only refer to it."""

from __future__ import annotations

import re
from pathlib import Path

from lifemetrics.palette import CSS_COLORS, DRAW, LOSS, WIN, css_variables
from lifemetrics.superset.assets import Dashboard
from lifemetrics.superset.layout import dashboard_content

PACKAGE = Path(__file__).parents[1] / "src" / "lifemetrics"
COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|rgba?\(")
TEXT_FILES = ("*.py", "*.css", "*.js", "*.html", "*.yml", "*.yaml", "*.sql")


def colour_literals_outside_the_palette() -> list[str]:
    """Every 'file:line' of the package that writes a colour literal, the palette excepted."""
    found = []
    for pattern in TEXT_FILES:
        for path in sorted(PACKAGE.rglob(pattern)):
            if path == PACKAGE / "palette.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if COLOUR.search(line):
                    found.append(f"{path.relative_to(PACKAGE)}:{number}")
    return found


def test_no_colour_is_written_outside_the_palette() -> None:
    assert colour_literals_outside_the_palette() == []


def test_the_pages_get_every_css_colour_as_a_variable() -> None:
    variables = css_variables()
    for name, value in CSS_COLORS.items():
        assert f"--{name}: {value};" in variables


def test_superset_colours_results_as_the_pages_do() -> None:
    empty = Dashboard(title="Chess", slug="chess", rows=())
    labels = dashboard_content(empty, {})["metadata"]["label_colors"]
    assert labels == {"Wins": WIN, "Draws": DRAW, "Losses": LOSS}
