"""`lifemetrics watch` end to end, as a real subprocess against the Oura stand-in under a controlled clock:
samples arrive over several polls; a planted 20-minute episode well above the person's baseline sends one
webhook POST, a single spike none; the watch is killed (SIGKILL) between polls and started again; a daily
`lifemetrics run` runs while it watches; SIGTERM stops it. One scenario, several tests of what it left."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from run_support import cli, environment_of
from watch_support import (
    WatchProcess,
    clocked_standin,
    five_minutes_floor,
    served_samples,
    stored_samples,
    webhook_receiver,
)

EPISODE = [
    128,
    141,
    152,
    146,
    133,
]  # every 5 minutes: 20 minutes well above an awake baseline of ~70
SPIKE = [165]


@dataclass
class Scenario:
    """What the watch scenario left behind, for the tests to look at."""

    home: Path
    posts: list[dict]
    stored: list[tuple[str, int, str]]
    served: list[tuple[str, int, str]]
    episode_start: datetime
    run_returncode: int
    run_output: str
    term_returncode: int
    lines: list[str]
    first_poll_reach: timedelta  # how far before its start the watch's first poll asked from


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    home = tmp_path_factory.mktemp("watch") / "home"
    config = home.parent / "lifemetrics.toml"
    config.write_text("")
    start = five_minutes_floor(datetime.now(UTC)) - timedelta(hours=4)
    episode_start = start + timedelta(minutes=60)
    with webhook_receiver() as hook, clocked_standin(start) as (api, clock):
        api.plant_heartrate(episode_start, EPISODE)
        api.plant_heartrate(start + timedelta(minutes=150), SPIKE)
        env = {
            **environment_of(
                {
                    "home": home,
                    "oura_api_url": api.url,
                    "oura_token": api.issue_token(lifetime=None),
                    "timezone": "UTC",
                    "http_backoff_seconds": 0.01,
                    "watch_desktop": "false",
                    "analysis_run_seconds": 0,
                }
            ),
            "LIFEMETRICS_CONFIG": str(config),
        }
        options = ("--interval", "0.3", "--webhook", hook.url)

        def newest() -> str:
            return api.served_heartrate(start - timedelta(days=3), clock.now())[-1]["timestamp"]

        def advance(watch: WatchProcess, minutes: int) -> None:
            """Move the clock on and wait for the poll that has what it served (a charging gap: nothing new)."""
            clock.advance(timedelta(minutes=minutes))
            line = watch.wait_for("poll:", f"newest {newest()}, ")
            assert line.endswith(("stored", "nothing to store")), line

        watch_started = datetime.now(UTC)
        watch = WatchProcess(env, *options)
        watch.wait_for("poll:", f"newest {newest()}, stored")  # the first poll: the last 24 hours
        advance(watch, 30)
        advance(watch, 45)  # the episode's first four samples: it opened
        lines = watch.seen
        assert watch.kill(signal.SIGKILL) == -signal.SIGKILL

        watch = WatchProcess(env, *options)
        watch.wait_for("poll:", f"newest {newest()}")
        advance(watch, 45)  # the episode ended
        daily = cli("run", env=env)
        wait_until_run_holds_the_lock(home, daily)
        clock.advance(
            timedelta(minutes=60)
        )  # the spike arrives while the daily run holds the warehouse
        watch.wait_for("poll:", "warehouse busy", "kept for the next poll")
        run_out, run_err = daily.communicate(timeout=600)
        watch.wait_for("poll:", f"newest {newest()}, stored")
        advance(watch, 60)
        term = watch.kill(signal.SIGTERM)
        lines += watch.seen
        stored = stored_samples(home)
        first = datetime.fromisoformat(stored[0][0])
        first_asked = next(r for r in api.requests if r.path.endswith("/heartrate"))
        yield Scenario(
            home,
            list(hook.posts),
            stored,
            served_samples(api, first, clock.now()),
            episode_start,
            daily.returncode,
            run_out + run_err,
            term,
            lines,
            datetime.fromisoformat(first_asked.query["start_datetime"]) - watch_started,
        )


def wait_until_run_holds_the_lock(home: Path, run: subprocess.Popen[str]) -> None:
    """Return once the daily run has taken the run lock (its pid, not a brief mark, in run.lock)."""
    deadline = time.monotonic() + 120
    while (home / "run.lock").read_text().split() != [str(run.pid)]:
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the daily run never took the run lock"
        time.sleep(0.05)


def test_a_planted_episode_sends_one_webhook_post_with_its_start_and_peak(
    scenario: Scenario,
) -> None:
    assert len(scenario.posts) == 1, scenario.posts
    post = scenario.posts[0]
    assert datetime.fromisoformat(post["started_at"]) == scenario.episode_start
    assert post["peak_bpm"] == 152
    assert datetime.fromisoformat(post["peak_at"]) == scenario.episode_start + timedelta(minutes=10)
    assert "152 bpm" in post["message"]


def test_a_single_spike_sends_nothing_and_leaves_no_alert(scenario: Scenario) -> None:
    with duckdb.connect(str(scenario.home / "warehouse.duckdb"), read_only=True) as connection:
        alerts = connection.execute(
            "SELECT started_at, peak_bpm, ended_at FROM raw_oura.heart_rate_alerts"
        ).fetchall()
    assert [(start, peak) for start, peak, _ in alerts] == [(scenario.episode_start, 152)]
    assert alerts[0][2] == scenario.episode_start + timedelta(minutes=20)
    assert 165 in [bpm for _, bpm, _ in scenario.stored]  # the spike was stored, and alerted nobody


def test_stored_samples_equal_the_standins_each_once_across_a_kill(scenario: Scenario) -> None:
    assert scenario.stored == scenario.served
    assert len({at for at, _, _ in scenario.stored}) == len(scenario.stored)
    assert abs(scenario.first_poll_reach + timedelta(hours=24)) < timedelta(minutes=5)


def test_a_daily_run_while_the_watch_runs_succeeds(scenario: Scenario) -> None:
    assert scenario.run_returncode == 0, scenario.run_output
    with duckdb.connect(str(scenario.home / "analytics.duckdb"), read_only=True) as connection:
        published = connection.execute(
            "SELECT started_at, peak_bpm FROM heart_rate_alerts"
        ).fetchall()
    assert published == [(scenario.episode_start, 152)]
    page = (scenario.home / "dashboard" / "health.html").read_text()
    assert "152 bpm" in page


def test_sigterm_stops_the_watch_cleanly(scenario: Scenario) -> None:
    assert scenario.term_returncode == 0
    assert any("stopped" in line for line in scenario.lines)
