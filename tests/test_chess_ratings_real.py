"""On a real history the rating cards and lines are those of standard games: chess.com rates chess960
in a pool of its own (hikaru's last blitz games of February 2025 are chess960, rated about 2,880
against 3,300 in standard blitz), and the line breaks across the years the fixtures leave out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from models_support import PLAYER, standins

from lifemetrics.dashboards import build_site
from lifemetrics.warehouse.build import build_and_publish


@pytest.fixture(scope="module")
def built(built_site: tuple[tuple[str, Path], Path]) -> tuple[str, Path]:
    """The chess page of hikaru's real months, and the analytics file it was built from."""
    return built_site[0]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple[str, Path], Path]:
    """(the chess page's HTML and analytics file, the site's folder) of hikaru's real months."""
    with standins(home=tmp_path_factory.mktemp("ratings") / "home") as loaded:
        loaded.ingest_chess()
        loaded.ingest_oura()
        build_and_publish(loaded.settings)
        site = build_site(loaded.settings).parent
        html = (site / f"chess-{PLAYER}.html").read_text()
        return (html, loaded.settings.analytics_path), site


def last_rating(analytics: Path, time_class: str, rules: str) -> int:
    """The rating after the player's last game of a time class under `rules`."""
    with duckdb.connect(str(analytics), read_only=True) as con:
        return con.execute(
            "select arg_max(my_rating, end_time) from fct_chess_games"
            " where time_class = ? and rules = ?",
            [time_class, rules],
        ).fetchone()[0]


def test_the_blitz_card_shows_the_standard_rating_not_the_chess960_one(
    built: tuple[str, Path],
) -> None:
    html, analytics = built
    standard = last_rating(analytics, "blitz", "chess")
    chess960 = last_rating(analytics, "blitz", "chess960")
    assert abs(standard - chess960) > 200, "the fixtures' two pools differ by hundreds of points"
    card = re.search(r'kpi-label">Blitz rating</div>\s*<div class="kpi-value[^"]*">(\d+)<', html)
    assert card and int(card.group(1)) == standard


def test_the_rating_lines_hold_only_standard_ratings_and_break_across_the_missing_years(
    built: tuple[str, Path],
) -> None:
    html, analytics = built
    body = re.search(
        r'<script type="application/json" id="figure-rating">(.*?)</script>', html, re.S
    )
    blitz = next(t for t in json.loads(body.group(1))["data"] if t["name"] == "Blitz")
    ratings = [rating for rating in blitz["y"] if rating is not None]
    assert blitz["y"][-1] == last_rating(analytics, "blitz", "chess")
    assert min(ratings) > 3000, "no chess960 rating (about 2,880) in the standard line"
    assert None in blitz["y"], "the years between the fixture months are a gap, not a line"


@pytest.mark.browser
def test_a_chess960_game_reads_chess960_where_a_standard_game_has_its_opening(
    browser, built_site: tuple[tuple[str, Path], Path]
) -> None:
    page = browser.new_page()
    page.goto((built_site[1] / f"chess-games-{PLAYER}.html").as_uri())
    page.wait_for_selector("body[data-games-ready]")
    openings = page.locator("#games-table tbody td.opening").all_inner_texts()
    assert openings[0] == "chess960", "the newest game of the fixtures is a chess960 game"
    assert any(": " in opening for opening in openings), "standard games keep their names"
    page.close()
