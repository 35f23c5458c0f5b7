"""Build the static site: the index, then every page of every subject in `SUBJECTS`, assets beside."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from lifemetrics.dashboards.pages import SitePage
from lifemetrics.dashboards.published import PublishInfo, open_analytics, read_publish_info
from lifemetrics.dashboards.registry import SUBJECTS
from lifemetrics.dashboards.render import render
from lifemetrics.palette import css_variables
from lifemetrics.settings import Settings

ASSETS = ("site.css", "site.js", "games.js")
INDEX = "index.html"


@dataclass(frozen=True)
class NavItem:
    """A link in the header."""

    label: str
    href: str
    active: bool = False


def build_site(settings: Settings) -> Path:
    """Write the whole site from `analytics.duckdb` into `settings.dashboard_dir`; return index.html."""
    with open_analytics(settings.analytics_path) as con:
        publish = read_publish_info(con, settings.timezone, [subject.name for subject in SUBJECTS])
        site_pages = [page for subject in SUBJECTS for page in subject.pages(con, settings)]
    out = settings.dashboard_dir
    out.mkdir(parents=True, exist_ok=True)
    _copy_assets(out / "assets")
    common = {"publish": publish, "periods": _periods(publish), "timezone": settings.timezone}
    pages = {
        INDEX: render(
            INDEX,
            title="Overview",
            nav=_nav(site_pages, INDEX),
            pages=site_pages,
            charts_on_page=False,
            **common,
        )
    }
    for page in site_pages:
        pages[page.file_name] = render(
            page.template,
            title=page.label,
            nav=_nav(site_pages, page.file_name),
            page=page.content,
            charts_on_page=page.has_charts,
            **common,
        )
    for name, html in pages.items():
        _write_atomically(out / name, html)
    _remove_stale_pages(out, set(pages))
    return out / INDEX


def _nav(site_pages: list[SitePage], current: str) -> list[NavItem]:
    """Header links, the current page marked."""
    items = [("Overview", INDEX), *((page.label, page.file_name) for page in site_pages)]
    return [NavItem(label, href, href == current) for label, href in items]


def _periods(publish: PublishInfo) -> list[str]:
    """'Chess 27 Jan 2024 – 1 Mar 2025' and the same for each other subject that has data."""
    return [
        f"{subject.label} {_day(first)} – {_day(last)}"
        for subject in SUBJECTS
        if subject.name in publish.spans
        for first, last in [publish.spans[subject.name]]
    ]


def _day(value: date) -> str:
    """A day as people write it."""
    return f"{value.day} {value:%b %Y}"


def _copy_assets(assets: Path) -> None:
    """Ship plotly.js (from the installed plotly package), the palette, the site's CSS and JS."""
    assets.mkdir(parents=True, exist_ok=True)
    _write_if_changed(assets / "palette.css", css_variables().encode("utf-8"))
    plotly_js = resources.files("plotly") / "package_data" / "plotly.min.js"
    with resources.as_file(plotly_js) as source:
        _copy_if_changed(source, assets / "plotly.min.js")
    for name in ASSETS:
        with resources.as_file(
            resources.files("lifemetrics.dashboards") / "templates" / "assets" / name
        ) as source:
            _copy_if_changed(source, assets / name)


def _copy_if_changed(source: Path, target: Path) -> None:
    """Copy a file unless an identical one is already there (plotly.js is 4.8 MB)."""
    if (
        target.exists()
        and target.stat().st_size == source.stat().st_size
        and target.read_bytes() == source.read_bytes()
    ):
        return
    _write_atomically(target, source.read_bytes())


def _write_if_changed(target: Path, content: bytes) -> None:
    """Write a small generated file unless it already holds exactly this."""
    if not (target.exists() and target.read_bytes() == content):
        _write_atomically(target, content)


def _write_atomically(target: Path, content: str | bytes) -> None:
    """Write next to the target and rename over it, so a reader never sees half a page; the file
    stays owner-only (0600, as mkstemp makes it): the pages show a person's health data."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_stale_pages(out: Path, current: set[str]) -> None:
    """Delete pages a subject no longer has (a player no longer tracked, the empty chess page)."""
    for subject in SUBJECTS:
        for page in out.glob(subject.files):
            if page.name not in current:
                page.unlink()
