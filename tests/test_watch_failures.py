"""The watch against a failing Oura: 429s wait as Retry-After says, an outage loses no sample (the next poll
asks from the newest stored one), and an expired token stops `lifemetrics watch` with one line."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from run_support import environment_of, run_cli
from watch_support import (
    clocked_standin,
    five_minutes_floor,
    served_samples,
    stored_samples,
    webhook_receiver,
)

from lifemetrics.settings import Settings, load_settings
from lifemetrics.sources.http import policy_from_settings
from lifemetrics.sources.oura.auth import bearer_for
from lifemetrics.sources.oura.client import OuraClient
from lifemetrics.sources.oura.errors import OuraError
from lifemetrics.standins.oura import OuraStandin
from lifemetrics.standins.oura.heartrate_feed import ControlledClock
from lifemetrics.standins.server import Fault
from lifemetrics.watch.poller import Watch, notifier_from_settings

START = five_minutes_floor(datetime.now(UTC)) - timedelta(hours=2)


@pytest.fixture
def standin() -> Iterator[tuple[OuraStandin, ControlledClock]]:
    with clocked_standin(START) as running:
        yield running


def watch_of(settings: Settings, waits: list[float]) -> Watch:
    """A watch in this process whose client records its waits instead of sleeping, alerts as settings say."""
    session = requests.Session()
    client = OuraClient(
        settings.oura_api_url,
        bearer_for(settings, session),
        session,
        policy_from_settings(settings),
        sleep=waits.append,
    )
    return Watch(settings, client, notifier_from_settings(settings, print), progress=print)


def standin_settings(api: OuraStandin, **overrides: object) -> Settings:
    """Settings pointing at the stand-in: fast retries, no desktop notification."""
    return load_settings(
        oura_api_url=api.url,
        oura_token=api.issue_token(lifetime=None),
        http_max_attempts=3,
        http_backoff_seconds=0.01,
        watch_desktop=False,
        **overrides,
    )


def test_an_outage_and_a_429_lose_no_sample(
    standin: tuple[OuraStandin, ControlledClock], isolated_env: Path
) -> None:
    api, clock = standin
    settings = standin_settings(api)
    waits: list[float] = []
    watch = watch_of(settings, waits)
    watch.start()
    watch.poll()
    clock.advance(timedelta(minutes=30))
    api.fail_next("heartrate", status=503, times=3)  # every attempt of the next poll
    with pytest.raises(OuraError, match="HTTP 503"):
        watch.poll()
    clock.advance(timedelta(minutes=30))
    api.fail_next("heartrate", status=429, retry_after=7)
    watch.poll()
    assert 7.0 in waits
    stored = stored_samples(isolated_env)
    first = datetime.fromisoformat(stored[0][0])
    assert stored == served_samples(api, first, clock.now())
    assert stored[-1][0] > (START + timedelta(minutes=30)).isoformat()  # the outage's half hour too


def test_an_alert_whose_webhook_post_failed_is_posted_at_the_next_poll_once(
    standin: tuple[OuraStandin, ControlledClock], isolated_env: Path
) -> None:
    api, clock = standin
    api.plant_heartrate(START + timedelta(minutes=10), [150, 158, 162, 150])
    with webhook_receiver() as hook:
        hook.server.inject("/hook/secret-topic", Fault(status=503))
        watch = watch_of(standin_settings(api, watch_webhook_url=hook.url), [])
        watch.start()
        watch.poll()  # the last day: the baseline
        clock.advance(timedelta(minutes=30))
        watch.poll()  # the episode opens; its POST is answered 503
        assert hook.posts == []
        watch.poll()
        watch.poll()
    assert [post["peak_bpm"] for post in hook.posts] == [162]


def test_an_expired_token_stops_the_watch_with_one_line(
    standin: tuple[OuraStandin, ControlledClock], isolated_env: Path
) -> None:
    api, _ = standin
    env = environment_of(
        {"oura_api_url": api.url, "oura_token": "not-a-token", "http_backoff_seconds": 0.01}
    )
    result = run_cli("watch", "--interval", "0.2", env=env, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("error: heartrate: HTTP 401")
    assert len(result.stderr.strip().splitlines()) == 1
