"""Settings come from LIFEMETRICS_* over lifemetrics.toml; bad values give one line naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifemetrics.errors import ConfigError
from lifemetrics.settings import load_settings


def test_environment_overrides_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "lifemetrics.toml").write_text(
        'chess_usernames = ["Alice", "bob"]\ncontact = "ops@example.org"\ntimezone = "Europe/Paris"\n'
    )
    monkeypatch.setenv("LIFEMETRICS_TIMEZONE", "America/New_York")
    settings = load_settings()
    assert settings.chess_usernames == ["alice", "bob"]
    assert settings.contact == "ops@example.org"
    assert settings.timezone == "America/New_York"


def test_comma_separated_usernames_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFEMETRICS_CHESS_USERNAMES", " Hikaru, MagnusCarlsen ,")
    assert load_settings().chess_usernames == ["hikaru", "magnuscarlsen"]


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("LIFEMETRICS_TIMEZONE", "Mars/Olympus", "LIFEMETRICS_TIMEZONE"),
        ("LIFEMETRICS_CHESS_API_URL", "ftp://x", "LIFEMETRICS_CHESS_API_URL"),
        ("LIFEMETRICS_OURA_LOOKBACK_DAYS", "-3", "LIFEMETRICS_OURA_LOOKBACK_DAYS"),
        ("LIFEMETRICS_OURA_START_DATE", "yesterday-ish", "LIFEMETRICS_OURA_START_DATE"),
        ("LIFEMETRICS_BUILD_MEMORY_LIMIT", "lots", "a size such as 500MB or 2GB, not 'lots'"),
    ],
)
def test_bad_value_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert named in message
    assert "\n" not in message


def test_secret_value_never_in_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFEMETRICS_OURA_TOKEN", "FAKE-TEST-TOKEN-123")
    monkeypatch.setenv("LIFEMETRICS_TIMEZONE", "Nowhere/Else")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "FAKE-TEST-TOKEN-123" not in str(caught.value)
    assert "FAKE-TEST-TOKEN-123" not in repr(load_settings(timezone="UTC"))
