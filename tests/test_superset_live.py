"""The bundle in a real Superset 6.1: imported, queried through the REST API, drawn in a browser.

As a user would: `lifemetrics demo`, then `lifemetrics superset bundle --out bundle.zip`, then a fresh
Superset (its own venv, `make superset-env`; SQLite metadata) runs `superset import-dashboards` and
serves on a free port of 127.0.0.1 for the session. Through the REST API (JWT login) every chart of
both dashboards returns rows, and two charts' numbers equal SQL on the published file; in Debian's
chromium (Playwright) both dashboards draw every chart at desktop width with the player filter
applied. Screenshots go to the pytest temporary directory and /tmp/lifemetrics-shots.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from run_support import run_cli
from superset_api import SupersetApi
from superset_bundle import ReadBundle, read_bundle
from test_dashboard_demo import SHARED_SHOTS

from lifemetrics.superset.local import ADMIN, LocalSuperset

# the session's set-up (demo, Superset's metadata, import, server) takes minutes on a busy machine
pytestmark = [pytest.mark.superset, pytest.mark.timeout(1800)]

SUPERSET_BIN = Path(__file__).parents[1] / ".venv-superset" / "bin" / "superset"
DESKTOP = {"width": 1440, "height": 900}
DASHBOARDS = {"Chess": "lifemetrics-chess", "Health": "lifemetrics-health"}
CHART_STATES = """() => [...document.querySelectorAll('.dashboard-component-chart-holder')].map(h => {
    const canvas = h.querySelector('canvas');
    let painted = 0;
    if (canvas && canvas.width && canvas.height) {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
    }
    return {
        title: (h.querySelector('[data-test="editable-title"]') || {}).textContent || '',
        area: canvas ? canvas.width * canvas.height : 0,
        painted,
        rows: h.querySelectorAll('table tbody tr').length,
        loading: h.querySelectorAll('.loading').length,
        errors: [...h.querySelectorAll('[role=alert], .alert')].map(e => e.textContent),
    };
})"""
EVERY_CHART_DRAWN = f"""() => ({CHART_STATES})().every(chart =>
    chart.loading === 0 && chart.errors.length === 0 && (chart.painted > 0 || chart.rows > 0))"""


@dataclass(frozen=True)
class RunningSuperset:
    """The session's Superset, the bundle it imported and the published file behind it."""

    url: str
    password: str
    bundle: ReadBundle
    analytics: Path

    def api(self) -> SupersetApi:
        return SupersetApi(self.url, ADMIN, self.password).login()


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `lifemetrics demo` publishes (stand-ins, ingest, build, audit, publish)."""
    home = tmp_path_factory.mktemp("superset-demo")
    done = run_cli("demo", "--home", str(home), env={"LIFEMETRICS_TIMEZONE": "UTC"}, timeout=1200)
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture(scope="session")
def bundle_zip(demo_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`lifemetrics superset bundle --out bundle.zip` on the demo's published tables."""
    out = tmp_path_factory.mktemp("superset-bundle") / "bundle.zip"
    done = run_cli(
        "superset", "bundle", "--out", str(out), env={"LIFEMETRICS_HOME": str(demo_home)}
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def superset(
    bundle_zip: Path, demo_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningSuperset]:
    """A fresh Superset with the bundle imported by `superset import-dashboards`, served for the session."""
    if not SUPERSET_BIN.exists():
        pytest.skip("needs Superset's venv (make superset-env)")
    local = LocalSuperset(tmp_path_factory.mktemp("superset-home"), SUPERSET_BIN)
    local.prepare()
    local.import_bundle(bundle_zip)
    with local.serve() as url:
        yield RunningSuperset(
            url, local.admin_password, read_bundle(bundle_zip), demo_home / "analytics.duckdb"
        )


def test_the_bundle_imports_both_dashboards_with_every_chart(superset: RunningSuperset) -> None:
    api = superset.api()
    boards = api.dashboards()
    assert set(DASHBOARDS) <= set(boards)
    for title, slug in DASHBOARDS.items():
        assert boards[title]["slug"] == slug
        imported = sorted(chart["slice_name"] for chart in api.charts_of(boards[title]["id"]))
        bundled = sorted(chart["slice_name"] for chart in superset.bundle.charts_of(title))
        assert imported == bundled, title
    (database,) = [
        found
        for found in api.get("database/")["result"]
        if found["database_name"].startswith("lifemetrics")
    ]
    assert database["backend"] == "duckdb"


def test_every_chart_returns_rows_through_the_rest_api(superset: RunningSuperset) -> None:
    api = superset.api()
    boards = api.dashboards()
    counted = 0
    for title in DASHBOARDS:
        for chart in api.charts_of(boards[title]["id"]):
            results = api.chart_data(chart["id"])
            assert results, chart["slice_name"]
            for result in results:
                assert result.get("error") is None, (chart["slice_name"], result["error"])
                assert result["rowcount"] > 0 and result["data"], chart["slice_name"]
            counted += 1
    assert counted == sum(len(superset.bundle.charts_of(title)) for title in DASHBOARDS)


def _chart_rows(api: SupersetApi, dashboard: str, name: str) -> list[dict[str, object]]:
    board = api.dashboards()[dashboard]
    (chart,) = [found for found in api.charts_of(board["id"]) if found["slice_name"] == name]
    return api.chart_data(chart["id"])[0]["data"]


def test_charts_show_the_published_numbers(superset: RunningSuperset) -> None:
    api = superset.api()
    colours = {
        row["my_color"]: (row["wins"], row["draws"], row["losses"])
        for row in _chart_rows(api, "Chess", "Results by colour")
    }
    (sleep,) = _chart_rows(api, "Health", "Sleep contributors")
    with duckdb.connect(str(superset.analytics), read_only=True) as connection:
        expected = {
            color: (wins, draws, losses)
            for color, wins, draws, losses in connection.execute(
                "select my_color, count(*) filter (where my_result = 'win'),"
                " count(*) filter (where my_result = 'draw'), count(*) filter (where my_result = 'loss')"
                " from fct_chess_games group by my_color"
            ).fetchall()
        }
        (deep_sleep,) = connection.execute("select avg(deep_sleep) from daily_health").fetchone()
    assert colours == expected
    assert sum(sum(counts) for counts in colours.values()) == 1500
    assert sleep["Deep sleep"] == pytest.approx(deep_sleep)


@pytest.mark.browser
@pytest.mark.parametrize("title", list(DASHBOARDS))
def test_dashboards_draw_every_chart_in_a_browser(
    browser: object,  # noqa: F811 (the session's chromium, from test_dashboard_demo)
    superset: RunningSuperset,
    tmp_path_factory: pytest.TempPathFactory,
    title: str,
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    # nothing leaves the machine: Superset's pages ask for web fonts, which are refused here
    context.route(lambda url: not url.startswith(superset.url), lambda route: route.abort())
    page = context.new_page()
    responses: list[object] = []
    page.on("response", lambda r: "/api/v1/chart/data" in r.url and responses.append(r))
    page.goto(f"{superset.url}/login/")
    page.fill("input#username", ADMIN)
    page.fill("input#password", superset.password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{superset.url}/superset/dashboard/{DASHBOARDS[title]}/")
    page.wait_for_selector(".dashboard-component-chart-holder", timeout=120_000)
    holders = page.locator(".dashboard-component-chart-holder")
    for index in range(holders.count()):
        holders.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(EVERY_CHART_DRAWN, timeout=240_000, polling=1000)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(3000)  # the charts' entry animations end before the screenshot
    charts = page.evaluate(CHART_STATES)
    bundled = [chart["slice_name"] for chart in superset.bundle.charts_of(title)]
    assert sorted(chart["title"] for chart in charts) == sorted(bundled)
    for chart in charts:
        assert chart["rows"] > 0 or chart["painted"] > chart["area"] * 0.01, chart
    _assert_chart_data_had_rows(responses, filtered=title == "Chess")
    _screenshot(page, tmp_path_factory.mktemp("superset-shots"), f"superset-{title.lower()}")
    context.close()


def _assert_chart_data_had_rows(responses: list[object], filtered: bool) -> None:
    """Each chart's last query came back with rows; on Chess, filtered to the first player."""
    last = {}
    for response in responses:
        form_data = parse_qs(urlsplit(response.url).query).get("form_data")
        if form_data:
            last[json.loads(form_data[0])["slice_id"]] = response
    assert last
    for response in last.values():
        assert response.status == 200, response.url
        results = response.json()["result"]
        assert all(result["rowcount"] > 0 for result in results), response.url
        if filtered:
            queries = json.loads(response.request.post_data)["queries"]
            assert all(
                {"col": "player", "op": "IN", "val": ["demo_player"]} in query["filters"]
                for query in queries
            ), (response.url, [query["filters"] for query in queries])


def _screenshot(page: object, shots: Path, name: str) -> None:
    target = shots / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    SHARED_SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(target, SHARED_SHOTS / target.name)
