"""Build the static site: index, a chess page per tracked player, the health page, assets beside them."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import duckdb

from lifemetrics.dashboards.chess_page import ChessPage, build_chess_page
from lifemetrics.dashboards.chess_queries import tracked_players
from lifemetrics.dashboards.health_page import build_health_page
from lifemetrics.dashboards.page_parts import CHESS_EMPTY
from lifemetrics.dashboards.queries import PublishInfo, open_analytics, read_publish_info
from lifemetrics.dashboards.render import render
from lifemetrics.settings import Settings

ASSETS = ("site.css", "site.js")


@dataclass(frozen=True)
class NavItem:
    """A link in the header."""

    label: str
    href: str
    active: bool = False


def build_site(settings: Settings) -> Path:
    """Write the whole site from `analytics.duckdb` into `settings.dashboard_dir`; return index.html's path."""
    with open_analytics(settings.analytics_path) as con:
        publish = read_publish_info(con, settings.timezone)
        chess_pages = [
            build_chess_page(con, player) for player in _players(con, settings.chess_usernames)
        ]
        health = build_health_page(con)
    if not chess_pages:
        chess_pages = [ChessPage("", "chess.html", empty=CHESS_EMPTY)]
    out = settings.dashboard_dir
    out.mkdir(parents=True, exist_ok=True)
    _copy_assets(out / "assets")
    common = {"publish": publish, "periods": _periods(publish), "timezone": settings.timezone}
    pages = {
        "index.html": render(
            "index.html",
            title="Overview",
            nav=_nav(chess_pages, "index.html"),
            chess_pages=chess_pages,
            health=health,
            charts_on_page=False,
            **common,
        )
    }
    for page in chess_pages:
        pages[page.file_name] = render(
            "chess.html",
            title=f"Chess · {page.player}" if page.player else "Chess",
            nav=_nav(chess_pages, page.file_name),
            page=page,
            charts_on_page=not page.empty,
            **common,
        )
    pages["health.html"] = render(
        "health.html",
        title="Health",
        nav=_nav(chess_pages, "health.html"),
        page=health,
        charts_on_page=not health.empty,
        **common,
    )
    for name, html in pages.items():
        _write_atomically(out / name, html)
    _remove_stale_pages(out, set(pages))
    return out / "index.html"


def _players(con: duckdb.DuckDBPyConnection | None, configured: list[str]) -> list[str]:
    """Configured players first (the first is 'me'), then any other player with published games."""
    published = tracked_players(con) if con is not None else []
    return list(dict.fromkeys([*configured, *published]))


def _nav(chess_pages: list[ChessPage], current: str) -> list[NavItem]:
    """Header links, the current page marked."""
    items = [("Overview", "index.html")]
    items += [
        (f"Chess · {page.player}" if page.player else "Chess", page.file_name)
        for page in chess_pages
    ]
    items.append(("Health", "health.html"))
    return [NavItem(label, href, href == current) for label, href in items]


def _periods(publish: PublishInfo) -> list[str]:
    """'Chess 27 Jan 2024 – 1 Mar 2025' and the same for health, for the sources that have data."""
    spans = [
        ("Chess", publish.chess_first_day, publish.chess_last_day),
        ("Health", publish.health_first_day, publish.health_last_day),
    ]
    return [f"{name} {_day(first)} – {_day(last)}" for name, first, last in spans if first and last]


def _day(value: date) -> str:
    """A day as people write it."""
    return f"{value.day} {value:%b %Y}"


def _copy_assets(assets: Path) -> None:
    """Ship plotly.js (from the installed plotly package) and the site's CSS and JS beside the pages."""
    assets.mkdir(parents=True, exist_ok=True)
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
    """Delete chess pages of players no longer tracked (and the empty chess page once there are players)."""
    for page in out.glob("chess*.html"):
        if page.name not in current:
            page.unlink()
