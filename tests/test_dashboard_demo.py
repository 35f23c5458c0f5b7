"""The demo's dashboard: rebuilt from analytics.duckdb alone, and opened from disk in a real browser.

The site comes from the same library calls as `lifemetrics demo` (both stand-ins with synthetic data,
then the real ingest, dbt build, audit, publish and dashboard). In Debian's chromium driven by
Playwright, every page at desktop and phone width: no console errors, no failed requests, nothing
fetched from anywhere but the site's own files, every chart drawn with data, no sideways scrolling on
a phone. Screenshots go to the pytest temporary directory (a few are copied to /tmp/lifemetrics-shots).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_support import VIEWPORTS

from lifemetrics.dashboards import build_site
from lifemetrics.settings import Settings, load_settings

SHARED_SHOTS = Path("/tmp/lifemetrics-shots")
SHARED_SHOT_NAMES = {
    "index-desktop",
    "chess-desktop",
    "chess-phone",
    "health-desktop",
    "health-phone",
    "sleep_chess-desktop",
    "sleep_chess-phone",
    "empty-index-desktop",
}

VISIBLE_CHARTS_DRAWN = """() => [...document.querySelectorAll('.chart[data-figure]')]
    .filter(chart => chart.offsetParent !== null)
    .every(chart => chart.getAttribute('data-drawn') === 'true')"""
VISIBLE_CHARTS = """() => [...document.querySelectorAll('.chart[data-figure]')]
    .filter(chart => chart.offsetParent !== null)
    .map(chart => ({
        id: chart.id,
        plotly: chart.classList.contains('js-plotly-plot'),
        traces: (chart.data || []).length,
        values: (chart.data || []).reduce((total, trace) => total + ['x', 'y', 'z'].reduce(
            (sum, key) => sum + (Array.isArray(trace[key]) ? trace[key].filter(v => v !== null).length : 0), 0), 0),
        marks: chart.querySelectorAll(
            '.scatterlayer path.js-line, .scatterlayer .point, .barlayer path, .heatmaplayer image').length,
    }))"""


@dataclass
class OpenedPage:
    """A page opened in the browser, with everything that went wrong while loading it."""

    page: object
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots are saved."""
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def clean_environment() -> Iterator[None]:
    """No LIFEMETRICS_* from the shell and no lifemetrics.toml for the session-wide builds."""
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("LIFEMETRICS_"):
                patch.delenv(name)
        patch.setenv("LIFEMETRICS_CONFIG", os.devnull)
        yield


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory, clean_environment: None) -> Settings:
    """Run what `lifemetrics demo` runs (stand-ins, ingest, build, audit, publish, dashboard)."""
    from lifemetrics.orchestration.run import run_pipeline
    from lifemetrics.standins.demo import demo_standins

    with demo_standins(games=1500, days=400, seed=7, timezone="UTC") as overrides:
        settings = load_settings(home=tmp_path_factory.mktemp("demo-home"), **overrides)
        summary = run_pipeline(settings)
    assert summary.ok, summary.failed_steps
    assert summary.dashboard == settings.dashboard_dir / "index.html"
    return settings


@pytest.fixture(scope="session")
def demo_site(demo: Settings) -> Path:
    """The site the demo built."""
    return demo.dashboard_dir


@pytest.fixture(scope="session")
def empty_site(tmp_path_factory: pytest.TempPathFactory, clean_environment: None) -> Path:
    """A site built from what the real build publishes when nothing was ingested (dbt, audit, publish)."""
    from lifemetrics.warehouse.build import build_and_publish

    settings = load_settings(home=tmp_path_factory.mktemp("empty-home"), timezone="UTC")
    build_and_publish(settings)
    return build_site(settings).parent


def test_demo_site_rebuilds_from_analytics_alone(demo: Settings, tmp_path: Path) -> None:
    assert demo.warehouse_path.exists(), "the demo's own home holds raw and audit"
    alone = tmp_path / "analytics-only"
    alone.mkdir()
    shutil.copyfile(demo.analytics_path, alone / "analytics.duckdb")
    settings = load_settings(home=alone, chess_usernames=demo.chess_usernames, timezone="UTC")
    site = build_site(settings).parent
    assert sorted(path.name for path in alone.iterdir()) == ["analytics.duckdb", "dashboard"]
    pages = sorted(path.name for path in demo.dashboard_dir.glob("*.html"))
    assert pages == [
        "chess-demo_player.html",
        "chess-games-demo_player.html",
        "health-and-chess.html",
        "health.html",
        "index.html",
    ]
    for name in pages:
        assert (site / name).read_text() == (demo.dashboard_dir / name).read_text(), name


def open_page(browser: object, path: Path, viewport: str) -> OpenedPage:
    """Open a page from disk at a viewport, then scroll to every chart so that all are drawn."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    opened = OpenedPage(page)
    page.on(
        "console",
        lambda message: (
            message.type == "error" and opened.problems.append(f"console: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: opened.problems.append(f"page error: {error}"))
    page.on(
        "requestfailed", lambda request: opened.problems.append(f"failed request: {request.url}")
    )
    page.on("request", lambda request: opened.requests.append(request.url))
    page.goto(path.as_uri(), wait_until="load")
    draw_every_visible_chart(page)
    return opened


def draw_every_visible_chart(page: object) -> None:
    """Charts are drawn as they near the screen: scroll each into view and wait until all are drawn."""
    charts = page.locator(".chart[data-figure]:visible")
    for index in range(charts.count()):
        charts.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(VISIBLE_CHARTS_DRAWN, timeout=30_000)
    page.evaluate("window.scrollTo(0, 0)")


def assert_visible_charts_have_data(page: object) -> int:
    """Every visible chart is a Plotly plot with data and drawn marks; returns how many there are."""
    charts = page.evaluate(VISIBLE_CHARTS)
    for chart in charts:
        assert chart["plotly"], f"{chart['id']} was not drawn by Plotly"
        assert chart["traces"] > 0 and chart["values"] > 0, f"{chart['id']} has no data: {chart}"
        assert chart["marks"] > 0, f"{chart['id']} drew nothing: {chart}"
    return len(charts)


def screenshot(page: object, shots: Path, name: str) -> None:
    """Save a full-page screenshot; copy the few the integrator looks at to /tmp/lifemetrics-shots."""
    target = shots / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    if name in SHARED_SHOT_NAMES:
        SHARED_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, SHARED_SHOTS / target.name)


def assert_clean(opened: OpenedPage, site: Path) -> None:
    """No errors, no failed requests, and nothing requested outside the site's own folder."""
    assert opened.problems == []
    outside = [
        url
        for url in opened.requests
        if not url.startswith(site.as_uri() + "/") and not url.startswith("data:")
    ]
    assert outside == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_demo_page_draws_every_chart(
    browser: object, demo_site: Path, shots: Path, viewport: str
) -> None:
    # the games page draws no charts: tests/test_chess_games_page.py opens it
    pages = sorted(path for path in demo_site.glob("*.html") if "-games-" not in path.name)
    assert [page.name for page in pages] == [
        "chess-demo_player.html",
        "health-and-chess.html",
        "health.html",
        "index.html",
    ]
    for path in pages:
        opened = open_page(browser, path, viewport)
        page = opened.page
        drawn = assert_visible_charts_have_data(page)
        kind = "sleep_chess" if path.stem == "health-and-chess" else path.stem.split("-")[0]
        screenshot(page, shots, f"{kind}-{viewport}")
        if kind == "chess":
            tabs = page.locator("[data-time-class]")
            assert tabs.count() == 4
            for index in range(1, tabs.count()):
                tab = tabs.nth(index)
                tab.click()
                draw_every_visible_chart(page)
                assert tab.get_attribute("aria-selected") == "true"
                drawn += assert_visible_charts_have_data(page)
            screenshot(page, shots, f"chess-{tab.get_attribute('data-time-class')}-{viewport}")
            assert drawn >= 1 + 4 * 8
        if kind == "health":
            assert drawn >= 16
        if kind == "sleep_chess":
            assert drawn == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
        assert_clean(opened, demo_site)
        page.context.close()


@pytest.mark.browser
def test_time_class_from_the_address(browser: object, demo_site: Path) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto((demo_site / "chess-demo_player.html").as_uri() + "#bullet")
    draw_every_visible_chart(page)
    assert page.locator("#tab-bullet").get_attribute("aria-selected") == "true"
    assert (
        page.locator("#panel-bullet").is_visible() and not page.locator("#panel-rapid").is_visible()
    )
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_empty_warehouse_shows_what_to_run(
    browser: object, empty_site: Path, shots: Path, viewport: str
) -> None:
    expected = {"index.html": 3, "chess.html": 1, "health.html": 1, "health-and-chess.html": 1}
    assert sorted(path.name for path in empty_site.glob("*.html")) == sorted(expected)
    for name, states in expected.items():
        opened = open_page(browser, empty_site / name, viewport)
        page = opened.page
        empty = page.locator("[data-empty-state]")
        assert empty.count() == states
        assert all(empty.nth(index).is_visible() for index in range(states))
        assert "lifemetrics" in empty.first.inner_text()
        assert page.locator(".chart").count() == 0
        screenshot(page, shots, f"empty-{Path(name).stem}-{viewport}")
        assert_clean(opened, empty_site)
        page.context.close()
