"""The dashboard site is built from analytics.duckdb alone, and says what the published tables say."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import date
from pathlib import Path

import duckdb
import pytest
from dashboard_data import write_analytics, write_empty_analytics
from typer.testing import CliRunner

from lifemetrics.dashboards import build_site
from lifemetrics.dashboards.errors import DashboardError
from lifemetrics.dashboards.serve import serving
from lifemetrics.settings import Settings, load_settings

PLAYER = "mposada97"


@pytest.fixture()
def settings(isolated_env: Path) -> Settings:
    """Settings whose home holds only a hand-made analytics.duckdb: no warehouse, raw or audit."""
    write_analytics(isolated_env / "analytics.duckdb", players=(PLAYER,), games=1200, days=300)
    return load_settings(chess_usernames=PLAYER)


def figures(page: Path) -> dict[str, dict]:
    """Every chart's embedded Plotly JSON on a page, by chart key."""
    html = page.read_text()
    found = re.findall(
        r'<script type="application/json" id="figure-([^"]+)">(.*?)</script>', html, re.DOTALL
    )
    return {key: json.loads(body) for key, body in found}


def kpis(page: Path) -> dict[str, str]:
    """Every headline card on a page: label -> value (the first of a label when tabs repeat it)."""
    html = page.read_text()
    pairs = re.findall(
        r'<div class="kpi-label">(.*?)</div>\s*<div class="kpi-value[^"]*">(.*?)</div>',
        html,
        re.DOTALL,
    )
    found: dict[str, str] = {}
    for label, value in pairs:
        found.setdefault(label, value)
    return found


def test_site_builds_from_analytics_alone(settings: Settings) -> None:
    assert sorted(path.name for path in settings.home.iterdir()) == ["analytics.duckdb"]
    index = build_site(settings)
    site = index.parent
    assert index == settings.dashboard_dir / "index.html"
    assert sorted(path.name for path in site.glob("*.html")) == [
        "chess-games-mposada97.html",
        "chess-mposada97.html",
        "health-and-chess.html",
        "health.html",
        "index.html",
    ]
    assert (site / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    assert not (settings.home / "warehouse.duckdb").exists()
    for page in site.glob("*.html"):
        html = page.read_text()
        assert "http://" not in html.replace("http://www.w3.org", "") and "https://cdn" not in html
        assert re.findall(r'<script defer src="([^"]+)"', html) in (
            ["assets/site.js"],
            ["assets/games.js", "assets/site.js"],
            ["assets/plotly.min.js", "assets/site.js"],
        )


def test_chess_headlines_match_the_published_tables(settings: Settings) -> None:
    page = build_site(settings).parent / "chess-mposada97.html"
    with duckdb.connect(str(settings.analytics_path), read_only=True) as con:
        current = con.execute(
            "select arg_max(my_rating, end_time) from fct_chess_games where time_class = 'rapid'"
        ).fetchone()[0]
        keep = con.execute(
            """select opening_family from ranked_opening_families
               where time_class = 'rapid' and my_color = 'white' and verdict = 'keep'
               order by verdict_rank limit 1"""
        ).fetchall()
    headline = kpis(page)
    assert headline["Rapid rating"] == str(current)
    if keep:
        assert headline["Opening to keep with white"] == keep[0][0].replace("'", "&#39;")
    else:
        assert "Opening to keep with white" not in headline


def test_opening_charts_show_the_difference_against_the_ratings_with_intervals(
    settings: Settings,
) -> None:
    figure = figures(build_site(settings).parent / "chess-mposada97.html")["rapid-openings-black"]
    bar = figure["data"][0]
    with duckdb.connect(str(settings.analytics_path), read_only=True) as con:
        rows = {
            row[0]: row[1:]
            for row in con.execute(
                """select opening_family, score_difference,
                       coalesce(adjusted_difference_low, difference_low),
                       coalesce(adjusted_difference_high, difference_high), total_games
                   from ranked_opening_families where time_class = 'rapid' and my_color = 'black'"""
            ).fetchall()
        }
    assert bar["y"] and set(bar["y"]) <= set(rows)
    for family, value, plus, minus, custom in zip(
        bar["y"], bar["x"], bar["error_x"]["array"], bar["error_x"]["arrayminus"], bar["customdata"]
    ):
        difference, low, high, games = rows[family]
        assert value == pytest.approx(100 * difference) and custom[1] == games
        assert (value - minus, value + plus) == (
            pytest.approx(100 * low),
            pytest.approx(100 * high),
        )
    notes = [note["text"] for note in figure["layout"]["annotations"]]
    assert any(re.fullmatch(r"\d+% · \d+ games", text) for text in notes)


def test_every_time_class_gets_a_panel_rapid_first(settings: Settings) -> None:
    html = (build_site(settings).parent / "chess-mposada97.html").read_text()
    tabs = re.findall(r'data-time-class="(\w+)"', html)
    assert tabs == ["rapid", "blitz", "bullet", "daily"]
    assert re.search(r'id="tab-rapid"[^>]*aria-selected="true"', html)
    keys = figures(Path(settings.dashboard_dir / "chess-mposada97.html"))
    for time_class in tabs:
        for chart in ("periods", "colors", "openings-white", "rating-gap", "endings", "accuracy"):
            assert f"{time_class}-{chart}" in keys
        for chart in ("hours", "clock", "accuracy-clock"):
            assert (f"{time_class}-{chart}" in keys) == (time_class != "daily")


def test_figures_follow_plotlys_schema_and_legends_have_one_colour(settings: Settings) -> None:
    import plotly.graph_objects as go

    site = build_site(settings).parent
    for page in site.glob("*.html"):
        for figure in figures(page).values():
            go.Figure(figure)  # raises on a property or value plotly.js does not know
        swatches = re.findall(r'class="key \w+" style="--c: ([^"]+)"', page.read_text())
        assert all(re.fullmatch(r"#[0-9a-f]{6}|rgba?\([\d., ]+\)", color) for color in swatches)
    assert figures(site / "health.html"), "the health page's figures were checked too"


def test_heart_rate_gaps_stay_gaps(settings: Settings) -> None:
    with duckdb.connect(str(settings.analytics_path)) as con:
        con.execute("update daily_health set avg_rest_bpm = null where day = date '2025-02-10'")
        con.execute("delete from daily_health where day = date '2025-02-12'")
        con.execute("update daily_health set avg_rest_bpm = 55.5 where day = date '2025-02-11'")
        first, last = con.execute("select min(day), max(day) from daily_health").fetchone()
    awake, _, rest, rest_alone = figures(build_site(settings).parent / "health.html")["heart-rate"][
        "data"
    ]
    for line in (awake, rest):
        assert line["connectgaps"] is False and line["mode"] == "lines"
        assert (line["x0"], line["dx"]) == (first.isoformat(), 86_400_000), (
            "one point per calendar day"
        )
        assert len(line["y"]) == (last - first).days + 1, "days with no row stay on the axis"

    def on(day: date) -> int:
        return (day - first).days

    assert rest["y"][on(date(2025, 2, 10))] is None
    assert rest["y"][on(date(2025, 2, 12))] is None and awake["y"][on(date(2025, 2, 12))] is None
    assert rest["y"][on(date(2025, 2, 11))] == 55.5
    assert "2025-02-11" in rest_alone["x"], (
        "a day between two gaps gets a dot, having no line to sit on"
    )


def test_health_headlines_match_the_published_tables(settings: Settings) -> None:
    page = build_site(settings).parent / "health.html"
    with duckdb.connect(str(settings.analytics_path), read_only=True) as con:
        sleep_7d = con.execute(
            "select avg(sleep_score) from daily_health where day > (select max(day) from daily_health) - 7"
        ).fetchone()[0]
        months = con.execute("select count(*) from agg_monthly_health").fetchone()[0]
    assert kpis(page)["Sleep score"] == f"{sleep_7d:.0f}"
    assert len(re.findall(r'<tr><th scope="row">', page.read_text())) == months
    contributors = figures(page)["readiness-contributors"]["data"][0]
    colors = contributors["marker"]["color"]
    assert colors.count(colors[0]) == 1, "the weakest readiness contributor is highlighted alone"
    assert contributors["x"][0] == min(contributors["x"])


def test_empty_warehouse_gives_empty_states(isolated_env: Path) -> None:
    write_empty_analytics(isolated_env / "analytics.duckdb")
    site = build_site(load_settings()).parent
    assert sorted(path.name for path in site.glob("*.html")) == [
        "chess.html",
        "health-and-chess.html",
        "health.html",
        "index.html",
    ]
    assert "lifemetrics ingest chess" in (site / "chess.html").read_text()
    assert "lifemetrics oura login" in (site / "health.html").read_text()
    assert "lifemetrics ingest oura" in (site / "health-and-chess.html").read_text()
    assert (site / "index.html").read_text().count("data-empty-state") == 3


def test_nothing_published_yet_still_builds(isolated_env: Path) -> None:
    index = build_site(load_settings(chess_usernames="someone"))
    html = index.read_text()
    assert "Nothing published yet" in html
    assert "data-empty-state" in (index.parent / "chess-someone.html").read_text()


def test_missing_table_is_a_clear_error(isolated_env: Path) -> None:
    path = write_empty_analytics(isolated_env / "analytics.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("drop table daily_health")
    with pytest.raises(DashboardError, match="daily_health.*lifemetrics build"):
        build_site(load_settings())


def test_health_without_published_drivers_builds_without_their_charts(settings: Settings) -> None:
    """The Trino engine publishes no `health_score_drivers` (a dbt Python model): the page goes on."""
    before = figures(build_site(settings).parent / "health.html")
    with duckdb.connect(str(settings.analytics_path)) as con:
        con.execute("drop table health_score_drivers")
    after = figures(build_site(settings).parent / "health.html")
    assert {"sleep-drivers", "readiness-drivers"} <= set(before)
    assert set(before) - set(after) == {"sleep-drivers", "readiness-drivers"}


def test_players_no_longer_tracked_lose_their_page(settings: Settings) -> None:
    site = build_site(load_settings(chess_usernames="someone,mposada97")).parent
    assert (site / "chess-someone.html").exists()
    build_site(settings)
    assert not (site / "chess-someone.html").exists()
    assert (site / "chess-mposada97.html").exists()


def test_embedded_json_cannot_close_its_script_element(isolated_env: Path) -> None:
    path = write_analytics(isolated_env / "analytics.duckdb", games=600, days=30)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "update fct_chess_games set opening = '</script><b>x' where opening = 'Italian-Game'"
        )
        con.execute(
            "update ranked_best_openings set opening = '</script><b>x' where opening = 'Italian-Game'"
        )
    html = (build_site(load_settings()).parent / "chess-mposada97.html").read_text()
    assert "</script><b>" not in html


def test_dashboard_command_prints_the_path(settings: Settings) -> None:
    import lifemetrics.cli.dashboard_command  # noqa: F401 (registers the command)
    from lifemetrics.cli.main import app

    result = CliRunner().invoke(app, ["dashboard"])
    assert result.exit_code == 0, result.output
    assert str(settings.dashboard_dir / "index.html") in result.output.replace("\n", "")


def test_serving_answers_on_localhost(settings: Settings) -> None:
    index = build_site(settings)
    with serving(index.parent) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=5) as response:
            assert b"lifemetrics" in response.read()


@pytest.mark.parametrize(("games", "days"), [(1, 1), (12, 5)])
def test_tiny_histories_build_without_hollow_advice(
    isolated_env: Path, games: int, days: int
) -> None:
    write_analytics(isolated_env / "analytics.duckdb", games=games, days=days)
    site = build_site(load_settings()).parent
    chess = (site / "chess-mposada97.html").read_text()
    assert figures(site / "chess-mposada97.html") and figures(site / "health.html")
    if games == 1:
        assert "1 game from" in chess and "1 games" not in chess
        assert "Best opening" not in chess, (
            "a single opening is neither better nor worse than itself"
        )


def test_serve_stops_on_ctrl_c(settings: Settings) -> None:
    import os
    import signal
    import subprocess
    import sys

    command = [
        sys.executable,
        "-c",
        "from lifemetrics.cli.main import main; main()",
        "dashboard",
        "--serve",
        "--port",
        "0",
    ]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    try:
        lines = [server.stdout.readline() for _ in range(2)]
        url = re.search(r"http://127\.0\.0\.1:\d+/index\.html", "".join(lines)).group(0)
        with urllib.request.urlopen(url, timeout=5) as response:
            assert b"Chess" in response.read()
        server.send_signal(signal.SIGINT)
        # it stops, however loaded the machine (10 s failed with the load at 10)
        assert server.wait(timeout=60) == 0
    finally:
        server.kill()
    assert "Stopped" in server.stdout.read()


def test_ten_years_and_50000_games_stay_light(
    isolated_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import time

    write_analytics(isolated_env / "analytics.duckdb", games=50_000, days=3653)
    started = time.perf_counter()
    site = build_site(load_settings()).parent
    seconds = time.perf_counter() - started
    sizes = {page.name: page.stat().st_size for page in site.glob("*.html")}
    with capsys.disabled():
        print(f"\n10 years + 50,000 games: built in {seconds:.2f} s; page bytes {sizes}")
    games_page = sizes.pop("chess-games-mposada97.html")
    assert all(size < 600_000 for size in sizes.values()), (
        "aggregate before plotting: pages stay small"
    )
    assert games_page < 100 * 50_000, "the games page carries each game in under 100 bytes"
    sleep = figures(site / "health.html")["sleep-score"]["data"][0]
    assert "x" not in sleep and len(sleep["y"]) >= 3600, "a daily series is a start and a step"
    rating = figures(site / "chess-mposada97.html")["rating"]["data"]
    assert sum(len(line["x"]) for line in rating) < 4 * (365 + 53 * 9), (
        "weekly points before the last year"
    )


def test_busy_port_is_a_one_line_error(settings: Settings) -> None:
    import lifemetrics.cli.dashboard_command  # noqa: F401 (registers the command)
    from lifemetrics.cli.main import app
    from lifemetrics.dashboards.serve import make_server

    with make_server(settings.home) as taken:
        port = taken.server_address[1]
        with pytest.raises(DashboardError, match=f"cannot serve on 127.0.0.1:{port}"):
            CliRunner().invoke(
                app, ["dashboard", "--serve", "--port", str(port)], catch_exceptions=False
            )
