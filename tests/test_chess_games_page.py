"""The games page in Debian's headless chromium: opens from disk, filters, counts, links to chess.com."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest
from browser_support import VIEWPORTS
from dashboard_data import write_analytics

from lifemetrics.dashboards import build_site
from lifemetrics.settings import load_settings

pytestmark = pytest.mark.browser

PLAYER = "mposada97"
PAGE = f"chess-games-{PLAYER}.html"


def built_site(home: Path, games: int) -> Path:
    """A site built from a hand-made analytics.duckdb of `games` games."""
    write_analytics(home / "analytics.duckdb", players=(PLAYER,), games=games, days=400)
    return build_site(load_settings(home=home, chess_usernames=PLAYER)).parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("games") / "home", 1500)


def count(site: Path, where: str = "true") -> int:
    with duckdb.connect(str(site.parent / "analytics.duckdb"), read_only=True) as con:
        return con.execute(f"select count(*) from fct_chess_games where {where}").fetchone()[0]


def newest_url(site: Path, where: str) -> str:
    with duckdb.connect(str(site.parent / "analytics.duckdb"), read_only=True) as con:
        return con.execute(
            f"select url from fct_chess_games where {where} order by end_time desc, uuid limit 1"
        ).fetchone()[0]


def open_page(browser, site: Path, viewport: str, hash_part: str = ""):
    """The games page opened from disk, every request and console error recorded."""
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / PAGE).as_uri() + hash_part)
    page.wait_for_selector("body[data-games-ready]")
    return page, requests, errors


def shown(page) -> tuple[int, str]:
    """(rows drawn, the summary line)."""
    return page.locator("#games-table tbody tr").count(), page.inner_text("#games-summary")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_filters_count_the_games_and_rows_link_to_chess_com(
    browser, site: Path, viewport: str
) -> None:
    page, requests, errors = open_page(browser, site, viewport)
    total = count(site)
    rows, summary = shown(page)
    assert rows == min(100, total) and summary.startswith(f"{total:,} games")
    page.select_option("select[name=color]", "white")
    white = count(site, "my_color = 'white'")
    assert shown(page) == (min(100, white), shown(page)[1]) and shown(page)[1].startswith(
        f"{white:,} games"
    )
    page.select_option("select[name=result]", "loss")
    lost = count(site, "my_color = 'white' and my_result = 'loss'")
    rows, summary = shown(page)
    assert rows == min(100, lost) and summary.startswith(f"{lost:,} games")
    link = page.locator("#games-table tbody tr").first.locator("a")
    assert link.get_attribute("href") == newest_url(
        site, "my_color = 'white' and my_result = 'loss'"
    )
    assert link.get_attribute("target") == "_blank"
    assert "color=white" in page.evaluate("location.hash")
    page.click("button[type=reset]")
    page.wait_for_function(
        f"document.querySelectorAll('#games-table tbody tr').length === {min(100, total)}"
    )
    page.click("#more-games")
    assert shown(page)[0] == min(300, total)
    if viewport == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    assert not errors, errors
    assert all(url.startswith("file://") for url in requests), requests
    page.close()


def test_a_link_from_the_charts_opens_the_games_of_a_family(browser, site: Path) -> None:
    page, _, errors = open_page(
        browser, site, "desktop", "#time_class=rapid&color=black&family=Italian%20Game"
    )
    expected = count(
        site, "time_class = 'rapid' and my_color = 'black' and opening_family = 'Italian Game'"
    )
    assert expected and shown(page)[1].startswith(f"{expected:,} game")
    assert page.input_value("select[name=family]") == "Italian Game"
    chess_page = (site / f"chess-{PLAYER}.html").read_text()
    assert f'href="{PAGE}#time_class=rapid&amp;color=black&amp;family=Italian%20Game"' in chess_page
    assert not errors
    page.close()


def test_100000_games_open_and_filter_with_the_times_printed(
    browser, tmp_path_factory: pytest.TempPathFactory, capsys
) -> None:
    site = built_site(tmp_path_factory.mktemp("big") / "home", 100_000)
    size = (site / PAGE).stat().st_size
    started = time.perf_counter()
    page, _, errors = open_page(browser, site, "desktop")
    first_paint = time.perf_counter() - started
    started = time.perf_counter()
    page.select_option("select[name=time_class]", "blitz")
    filtered = time.perf_counter() - started
    with capsys.disabled():
        print(
            f"\n100,000 games: page {size / 1e6:.1f} MB, rows drawn {first_paint:.2f} s after"
            f" opening, one filter {filtered:.2f} s"
        )
    assert shown(page)[1].startswith(f"{count(site, chr(116) + 'ime_class = ' + repr('blitz')):,}")
    assert size < 100 * 100_000 and not errors  # the times are figures to read, never a limit
    page.close()
