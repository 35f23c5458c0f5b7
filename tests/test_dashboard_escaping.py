"""Opening names come from the PGN (chess.com's ECOUrl): markup in them shows as text on the built
pages, never as a Plotly link or tag."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
from dashboard_data import write_analytics

from lifemetrics.dashboards import build_site
from lifemetrics.settings import load_settings

LINK = '<a href="https://evil.example">free elo</a>'
OPENING_COLUMNS = ("opening", "opening_name", "opening_family")
# A tag of the page's own labels escaped twice would show as text, e.g. "&lt;br&gt;".
ESCAPED_TAG = re.compile(r"&lt;/?[a-zA-Z][^&]*&gt;")


def strings_in(value: object) -> Iterator[str]:
    """Every string anywhere in a decoded JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def test_markup_in_opening_names_is_escaped_in_every_plotly_label(isolated_env: Path) -> None:
    path = write_analytics(isolated_env / "analytics.duckdb", games=600, days=30)
    with duckdb.connect(str(path)) as con:
        named = con.execute(
            "select table_name, column_name from information_schema.columns"
            " where column_name in ? and data_type = 'VARCHAR'",
            [list(OPENING_COLUMNS)],
        ).fetchall()
        for table, column in named:
            con.execute(f'update "{table}" set "{column}" = ? || "{column}"', [LINK])
    html = (build_site(load_settings()).parent / "chess-mposada97.html").read_text()
    bodies = re.findall(
        r'<script type="application/json" id="figure-[^"]+">(.*?)</script>', html, re.DOTALL
    )
    labels = [text for body in bodies for text in strings_in(json.loads(body))]
    assert not [text for text in labels if "<a" in text or 'evil.example">' in text]
    shown = [
        text for text in labels if '&lt;a href="https://evil.example"&gt;free elo&lt;/a&gt;' in text
    ]
    assert shown, "the openings are still shown, as text"
    assert '<a href="https://evil.example"' not in html


def test_the_pages_own_labels_carry_no_escaped_markup(isolated_env: Path) -> None:
    write_analytics(isolated_env / "analytics.duckdb", games=600, days=30)
    site = build_site(load_settings()).parent
    for page in site.glob("*.html"):
        html = page.read_text()
        bodies = re.findall(
            r'<script type="application/json" id="figure-[^"]+">(.*?)</script>', html, re.DOTALL
        )
        labels = [text for body in bodies for text in strings_in(json.loads(body))]
        shown_as_text = [text for text in labels if ESCAPED_TAG.search(text)]
        assert not shown_as_text, f"{page.name}: {shown_as_text[:3]}"
