"""`lifemetrics ingest oura` and `lifemetrics oura login` as a user runs them: a real process, the stand-in over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import requests
from oura_support import CLIENT_ID, CLIENT_SECRET, ZONE, query, standin_settings

from lifemetrics.sources.oura.auth.tokens import TOKEN_FILE_NAME

LIFEMETRICS = Path(sys.executable).with_name("lifemetrics")


def cli_env(api, **extra: str) -> dict[str, str]:
    """The environment of a user pointed at the stand-in."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("LIFEMETRICS_")}
    env.update(
        {
            "LIFEMETRICS_HOME": os.environ["LIFEMETRICS_HOME"],
            "LIFEMETRICS_CONFIG": os.environ["LIFEMETRICS_CONFIG"],
            "LIFEMETRICS_TIMEZONE": ZONE,
            "LIFEMETRICS_OURA_API_URL": api.url,
            "LIFEMETRICS_OURA_AUTHORIZE_URL": api.authorize_url,
            "LIFEMETRICS_OURA_TOKEN_URL": api.token_url,
            "LIFEMETRICS_HTTP_BACKOFF_SECONDS": "0.01",
            "LIFEMETRICS_HTTP_MAX_ATTEMPTS": "2",
            "COLUMNS": "200",
            **extra,
        }
    )
    return env


def run_cli(api, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LIFEMETRICS), *args],
        env=cli_env(api, **extra),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_ingest_oura_shows_a_summary_per_endpoint(api, person) -> None:
    done = run_cli(api, "ingest", "oura", LIFEMETRICS_OURA_TOKEN=api.issue_token(lifetime=None))

    assert done.returncode == 0, done.stderr
    for endpoint in (
        "personal_info",
        "daily_sleep",
        "daily_readiness",
        "daily_resilience",
        "daily_activity",
        "daily_stress",
        "daily_spo2",
        "sleep",
        "heartrate",
    ):
        assert endpoint in done.stdout
    assert f"{person.first_day}.." in done.stdout and "loaded" in done.stdout
    assert query(standin_settings(api), "SELECT count(*) FROM raw_oura.daily_sleep") == [
        (len(person.documents("daily_sleep")),)
    ]


def test_ingest_oura_exits_1_naming_the_failed_endpoints(api) -> None:
    token = api.issue_token(scopes=("daily", "personal", "stress", "spo2Daily"), lifetime=None)

    done = run_cli(api, "ingest", "oura", LIFEMETRICS_OURA_TOKEN=token)

    assert done.returncode == 1
    assert "error: Oura endpoints failed: heartrate (8 others loaded)" in done.stderr
    assert "heartrate: HTTP 401: the token lacks the 'heartrate' scope" in " ".join(
        done.stdout.split()
    )
    assert token not in done.stdout + done.stderr


def test_ingest_oura_without_authorisation_says_how_to_get_one(api) -> None:
    done = run_cli(api, "ingest", "oura")

    assert done.returncode == 1
    assert "error: no Oura authorisation: run `lifemetrics oura login`" in done.stderr


def test_oura_login_end_to_end(api) -> None:
    process = subprocess.Popen(
        [str(LIFEMETRICS), "oura", "login", "--no-browser", "--port", "0", "--timeout", "60"],
        env=cli_env(
            api, LIFEMETRICS_OURA_CLIENT_ID=CLIENT_ID, LIFEMETRICS_OURA_CLIENT_SECRET=CLIENT_SECRET
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = next(line.strip() for line in process.stdout if line.startswith("http"))
        assert url.startswith(api.authorize_url + "?")
        assert requests.get(url, timeout=10).status_code == 200  # the browser's part
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Logged in to Oura" in out
    assert (Path(os.environ["LIFEMETRICS_HOME"]) / TOKEN_FILE_NAME).stat().st_mode & 0o777 == 0o600

    done = run_cli(api, "ingest", "oura")  # uses the stored login

    assert done.returncode == 0, done.stderr


def test_oura_login_without_an_app_names_the_settings(api) -> None:
    done = run_cli(api, "oura", "login", "--no-browser")

    assert done.returncode == 1
    assert "LIFEMETRICS_OURA_CLIENT_ID and LIFEMETRICS_OURA_CLIENT_SECRET are needed" in done.stderr


def test_status_shows_the_oura_authorisation_and_days_loaded_never_the_token(api, person) -> None:
    token = api.issue_token(lifetime=None)
    assert run_cli(api, "ingest", "oura", LIFEMETRICS_OURA_TOKEN=token).returncode == 0

    done = run_cli(api, "status", LIFEMETRICS_OURA_TOKEN=token)

    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "oura: last run" in text and ", ok (" in text
    assert "authorisation: present (LIFEMETRICS_OURA_TOKEN" in text
    assert f"loaded through: daily_sleep {person.last_day}" in text
    assert token not in done.stdout + done.stderr
