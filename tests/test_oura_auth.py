"""Oura authorisation against the stand-in's OAuth2 server: login, refresh, rotation, the token file."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterator

import pytest
import requests
from oura_support import CLIENT_ID, query, standin_settings
from pydantic import SecretStr

from lifemetrics.progress import Tick
from lifemetrics.settings import Settings
from lifemetrics.sources.oura import ingest_oura
from lifemetrics.sources.oura.auth import login, token_status
from lifemetrics.sources.oura.auth.tokens import TOKEN_FILE_NAME, temp_path, write_private_file
from lifemetrics.sources.oura.errors import OuraLoginError, OuraTokenStoreError
from lifemetrics.standins.oura import OuraStandin


def follow(url: str) -> None:
    """Play the browser: open the authorize URL; the stand-in redirects to the loopback listener."""
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    assert "received the Oura authorisation" in response.text


def logged_in(api: OuraStandin, **overrides: object) -> Settings:
    """Settings after a real `oura login` against the stand-in."""
    settings = standin_settings(api, **overrides)
    login(settings, show_url=follow, port=0, open_browser=False, timeout_seconds=10)
    return settings


def stored(settings: Settings) -> dict:
    return json.loads((settings.home / TOKEN_FILE_NAME).read_text())


def token_posts(api: OuraStandin) -> int:
    return sum(1 for r in api.requests if r.method == "POST" and r.path == "/oauth/token")


def test_login_runs_the_authorization_code_flow_and_stores_tokens_0600(api) -> None:
    shown: list[str] = []
    settings = standin_settings(api)

    pair = login(
        settings,
        show_url=lambda url: (shown.append(url), follow(url)),
        port=0,
        open_browser=False,
        timeout_seconds=10,
    )

    authorize = next(r for r in api.requests if r.path == "/oauth/authorize").query
    assert authorize["client_id"] == CLIENT_ID and authorize["response_type"] == "code"
    assert authorize["redirect_uri"].startswith("http://127.0.0.1:") and authorize[
        "redirect_uri"
    ].endswith("/callback")
    assert set(authorize["scope"].split()) >= {
        "daily",
        "heartrate",
        "personal",
        "stress",
        "spo2Daily",
    }
    assert len(authorize["state"]) >= 20 and shown[0].startswith(api.authorize_url)
    path = settings.home / TOKEN_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stored(settings)["access_token"] == pair.access_token
    assert stored(settings)["expires_at"] > 0 and stored(settings)["refresh_token"]
    assert not ingest_oura(
        settings
    ).failed  # the stored login is used with no LIFEMETRICS_OURA_TOKEN


def test_login_refuses_a_redirect_with_another_state(api) -> None:
    def forged(url: str) -> None:
        requests.get(url.replace("state=", "state=forged"), timeout=10)

    with pytest.raises(OuraLoginError, match="wrong `state`"):
        login(
            standin_settings(api), show_url=forged, port=0, open_browser=False, timeout_seconds=10
        )
    assert not (standin_settings(api).home / TOKEN_FILE_NAME).exists()


def test_login_reports_a_denied_authorisation(api) -> None:
    api.deny_authorization = True
    with pytest.raises(
        OuraLoginError, match="did not authorise lifemetrics: The user denied access"
    ):
        login(
            standin_settings(api), show_url=follow, port=0, open_browser=False, timeout_seconds=10
        )


def test_an_access_token_expiring_mid_run_is_refreshed_and_the_new_pair_saved(api, person) -> None:
    settings = logged_in(api)
    before = stored(settings)
    posts = token_posts(api)

    def expire_once(tick: Tick) -> None:
        message = str(tick)
        if message.startswith("daily_stress:") and token_posts(api) == posts:
            api.expire_access_tokens()

    report = ingest_oura(settings, progress=expire_once)

    assert not report.failed, report.failures
    assert token_posts(api) == posts + 1  # one refresh
    after = stored(settings)
    assert after["access_token"] != before["access_token"]
    assert after["refresh_token"] != before["refresh_token"]  # rotated
    assert query(settings, "SELECT count(*) FROM raw_oura.daily_stress") == [
        (len(person.documents("daily_stress")),)
    ]


def test_an_access_token_about_to_expire_is_refreshed_before_use(person) -> None:
    with OuraStandin(
        person,
        client_id=CLIENT_ID,
        client_secret="fake-client-secret-for-tests",
        access_token_lifetime=60,
    ) as short_lived:
        settings = logged_in(short_lived)
        first = stored(settings)["access_token"]
        since = len(short_lived.requests)

        report = ingest_oura(settings)

        assert not report.failed
        assert short_lived.requests[since].path == "/oauth/token"  # before any API request
        assert stored(settings)["access_token"] != first


@pytest.fixture
def graceful(person) -> Iterator[OuraStandin]:
    """A stand-in that, like Oura, accepts a just-used refresh token again for a short while."""
    with OuraStandin(
        person,
        client_id=CLIENT_ID,
        client_secret="fake-client-secret-for-tests",
        refresh_reuse_grace_seconds=600,
    ) as standin:
        yield standin


def test_a_crash_between_receiving_and_saving_new_tokens_leaves_the_old_pair_usable(
    graceful, person
) -> None:
    settings = logged_in(graceful)
    token_file = settings.home / TOKEN_FILE_NAME
    old_text = token_file.read_text()
    graceful.expire_access_tokens()
    temp_path(token_file).mkdir()  # the save fails after the token endpoint answered
    posts = token_posts(graceful)

    crashed = ingest_oura(settings)

    assert token_posts(graceful) > posts  # the stand-in did rotate the pair...
    assert crashed.failed
    assert "could not save the Oura tokens" in crashed.failures[0].detail
    assert "previously stored tokens are unchanged" in crashed.failures[0].detail
    assert token_file.read_text() == old_text  # ...but the file still holds the old pair, whole
    temp_path(token_file).rmdir()

    report = ingest_oura(settings)  # the next run refreshes with the old pair

    assert not report.failed, report.failures
    assert stored(settings)["refresh_token"] != json.loads(old_text)["refresh_token"]
    assert query(settings, "SELECT count(*) FROM raw_oura.daily_sleep") == [
        (len(person.documents("daily_sleep")),)
    ]


def test_a_spent_refresh_token_says_to_log_in_again(api) -> None:
    settings = logged_in(api)
    old_pair = stored(settings)
    api.expire_access_tokens()
    assert not ingest_oura(settings).failed  # rotates the pair
    write_private_file(
        settings.home / TOKEN_FILE_NAME, json.dumps(old_pair)
    )  # a stale copy comes back
    api.expire_access_tokens()

    report = ingest_oura(settings)

    assert report.failed
    assert (
        "refused the refresh token: HTTP 400 invalid_grant; run `lifemetrics oura login` again"
        in (report.failures[0].detail)
    )


def test_a_token_file_others_can_read_is_refused_with_the_fix(api) -> None:
    settings = logged_in(api)
    token_file = settings.home / TOKEN_FILE_NAME
    token_file.chmod(0o644)

    with pytest.raises(OuraTokenStoreError) as refused:
        ingest_oura(settings)

    assert f"refusing to read {token_file}: its mode is 0644" in str(refused.value)
    assert f"chmod 600 {token_file}" in str(refused.value)
    assert token_status(settings).state == "unreadable"


def test_token_files_are_written_0600_atomically_whatever_the_umask(tmp_path) -> None:
    target = tmp_path / "tokens.json"
    previous = os.umask(0)
    try:
        write_private_file(target, '{"access_token": "fake-test-token-1"}')
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        temp_path(target).mkdir()
        with pytest.raises(OSError):
            write_private_file(target, '{"access_token": "fake-test-token-2"}')
    finally:
        os.umask(previous)
    assert target.read_text() == '{"access_token": "fake-test-token-1"}'


def test_token_status_never_shows_the_token(api) -> None:
    assert token_status(standin_settings(api)).state == "none"
    settings = logged_in(api)
    status = token_status(settings)
    assert status.state == "present" and "refreshable" in status.detail
    assert stored(settings)["access_token"] not in status.detail
    api_token = api.issue_token()
    env_status = token_status(standin_settings(api, oura_token=api_token))
    assert env_status.state == "present" and api_token not in env_status.detail


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_tokens_never_appear_in_logs_output_tables_or_state(api, capfd, monkeypatch) -> None:
    monkeypatch.setenv("RUNTIME__LOG_LEVEL", "DEBUG")
    collect = _Collect()
    loggers = [
        logging.getLogger(name) for name in ("", "dlt", "urllib3", "requests", "lifemetrics")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(collect)
        logger.setLevel(logging.DEBUG)
    try:
        settings = logged_in(api)
        messages: list[str] = []

        def expire_once(tick: Tick) -> None:
            message = str(tick)
            messages.append(message)
            if message.startswith("sleep:") and token_posts(api) == 1:
                api.expire_access_tokens()

        report = ingest_oura(settings, progress=expire_once)
        api.expire_access_tokens()
        write_private_file(
            settings.home / TOKEN_FILE_NAME, json.dumps({**stored(settings), "refresh_token": "x"})
        )
        failed = ingest_oura(settings)  # refresh refused: its errors must not carry tokens either
    finally:
        for logger, level in zip(loggers, levels):
            logger.removeHandler(collect)
            logger.setLevel(level)
    out, err = capfd.readouterr()

    assert (
        token_posts(api) >= 2 and not report.failed and failed.failed
    )  # a refresh happened mid-run
    assert any(
        "urllib3" in line or "GET /v2/" in line for line in collect.lines
    )  # debug logs were captured
    texts = [
        *collect.lines,
        out,
        err,
        *messages,
        *(u.detail for u in [*report.units, *failed.units]),
    ]
    texts.append(repr(token_status(settings)))
    for path in (settings.home / "dlt").rglob("*"):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    for table, column in query(
        settings,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'raw_oura' AND data_type = 'VARCHAR'",
    ):
        texts.extend(
            str(row[0])
            for row in query(settings, f'SELECT DISTINCT "{column}" FROM raw_oura.{table}')
        )
    leaked = [
        text for text in texts if "fake-standin-access" in text or "fake-standin-refresh" in text
    ]
    assert not leaked, leaked[:3]


def test_tokens_can_live_in_the_system_keyring(api) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        """A keyring backend in memory (no OS keyring service runs on a build machine)."""

        priority = 1

        def __init__(self) -> None:
            super().__init__()
            self.entries: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.entries.pop((service, username), None)

    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        settings = logged_in(api, oura_token_store="keyring")
        api.expire_access_tokens()
        report = ingest_oura(settings)  # refreshes, saving the rotated pair into the keyring
        status = token_status(settings)
    finally:
        keyring.set_keyring(previous)

    assert not report.failed
    assert not (settings.home / TOKEN_FILE_NAME).exists()
    [(service, account)] = memory.entries
    assert service == "lifemetrics-oura" and account == str(settings.home)
    assert json.loads(memory.entries[(service, account)])["access_token"].startswith(
        "fake-standin-access"
    )
    assert status.state == "present" and "system keyring entry" in status.detail


def test_a_wrong_client_secret_names_the_credentials_and_is_tried_once(api) -> None:
    settings = logged_in(api)
    api.expire_access_tokens()
    wrong = settings.model_copy(update={"oura_client_secret": SecretStr("not-the-secret")})
    posts = token_posts(api)

    report = ingest_oura(wrong)

    assert report.failed
    assert token_posts(api) == posts + 1  # one refresh for the whole run, not one per endpoint
    detail = report.failures[0].detail
    assert "HTTP 401 invalid_client" in detail
    assert "check LIFEMETRICS_OURA_CLIENT_ID and LIFEMETRICS_OURA_CLIENT_SECRET" in detail
    assert "oura login" not in detail
    assert "not-the-secret" not in " ".join(failure.detail for failure in report.failures)
