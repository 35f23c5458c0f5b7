"""Each configuration mistake stops the CLI with one line naming the setting and its file: no traceback,
a non-zero exit, nothing requested and nothing built."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from run_support import LIFEMETRICS, PLAYER, running_standins

from lifemetrics.standins.chess_com import ChessComStandIn
from lifemetrics.synthetic.chess.games import generate_player_history

GOOD = 'chess_usernames = ["test_player"]\ncontact = "you@example.org"\n'


def run_lifemetrics(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`lifemetrics <args>` with this test's environment plus `env`."""
    return subprocess.run(
        [LIFEMETRICS, *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *named: str) -> str:
    """The run failed with exactly one line on stderr, naming everything in `named`."""
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for text in named:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('chess_usernames = ["a_b"]\ncontact = you@example.org\n', ["is not valid TOML", "line 2"]),
        ('chess_username = ["hikaru"]\n', ["`chess_username`", "did you mean `chess_usernames`"]),
        ('contact = ""\n', ["`contact`", "is empty"]),
        ('contact = "me@example.org\\nX-Injected: 1"\n', ["`contact`", "line break"]),
        (
            'chess_usernames = ["../../etc"]\n',
            ["`chess_usernames`", "'../../etc' is not a chess.com username"],
        ),
        ("oura_lookback_days = -3\n", ["`oura_lookback_days`", "greater than or equal to 0"]),
    ],
    ids=[
        "invalid-toml",
        "misspelled-key",
        "empty-contact",
        "contact-newline",
        "bad-username",
        "bad-number",
    ],
)
def test_a_mistake_in_the_config_file_names_the_key_and_the_file(
    toml: str, named: list[str]
) -> None:
    config = Path(os.environ["LIFEMETRICS_CONFIG"])
    config.write_text(toml)
    assert_one_line_error(run_lifemetrics("status"), str(config), *named)


def test_a_config_file_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    assert_one_line_error(
        run_lifemetrics("status", env={"LIFEMETRICS_CONFIG": str(missing)}),
        "LIFEMETRICS_CONFIG",
        str(missing),
        "does not exist",
    )


def test_a_contact_with_a_newline_in_the_environment_names_the_variable() -> None:
    result = run_lifemetrics(
        "status", env={"LIFEMETRICS_CONTACT": "me@example.org\r\nX-Injected: 1"}
    )
    line = assert_one_line_error(result, "LIFEMETRICS_CONTACT", "line break")
    assert "lifemetrics.toml" not in line


def test_an_environment_value_wins_and_is_named_even_when_the_file_has_the_key() -> None:
    Path(os.environ["LIFEMETRICS_CONFIG"]).write_text('timezone = "UTC"\n')
    result = run_lifemetrics("status", env={"LIFEMETRICS_TIMEZONE": "Mars/Olympus"})
    assert_one_line_error(result, "LIFEMETRICS_TIMEZONE")


BAD_USERNAMES = ["../../etc", "a?b=1#c", "x" * 300, "x'y\"z", "ab", "x y", "名前です"]


@pytest.fixture(scope="module")
def chess_standin() -> Iterator[ChessComStandIn]:
    """A chess.com stand-in with one small player, shared by the username tests (each reads its log)."""
    with ChessComStandIn({PLAYER: generate_player_history(PLAYER, 20, seed=3)}) as standin:
        yield standin


@pytest.mark.parametrize(
    "name",
    BAD_USERNAMES,
    ids=["dots", "query", "300-chars", "quotes", "short", "space", "non-ascii"],
)
def test_a_bad_username_is_refused_before_any_request(
    chess_standin: ChessComStandIn, name: str
) -> None:
    before = len(chess_standin.requests)
    env = {
        "LIFEMETRICS_CHESS_API_URL": chess_standin.api_url,
        "LIFEMETRICS_CONTACT": "t@example.org",
        "LIFEMETRICS_CHESS_USERNAMES": f"{PLAYER},{name}",
    }
    line = assert_one_line_error(
        run_lifemetrics("ingest", "chess", env=env),
        "LIFEMETRICS_CHESS_USERNAMES",
        "is not a chess.com username",
    )
    assert len(line) < 200
    assert len(chess_standin.requests) == before


def test_a_good_username_reaches_the_standin_as_one_path_segment(
    chess_standin: ChessComStandIn,
) -> None:
    env = {
        "LIFEMETRICS_CHESS_API_URL": chess_standin.api_url,
        "LIFEMETRICS_CONTACT": "t@example.org",
        "LIFEMETRICS_CHESS_USERNAMES": PLAYER.upper(),
    }
    assert run_lifemetrics("ingest", "chess", env=env).returncode == 0
    paths = {request.path for request in chess_standin.requests}
    assert f"/pub/player/{PLAYER}/games/archives" in paths


def test_run_with_usernames_but_no_contact_stops_before_the_build(isolated_env: Path) -> None:
    with running_standins(games=20, days=14) as standins:
        env = {
            name: value
            for name, value in {**os.environ, **standins.env}.items()
            if name != "LIFEMETRICS_CONTACT"
        }
        result = subprocess.run(
            [LIFEMETRICS, "run"], env=env, capture_output=True, text=True, timeout=120
        )
        requests = list(standins.chess.requests) + list(standins.oura.requests)
    assert_one_line_error(result, "LIFEMETRICS_CONTACT is not set", "nothing was requested")
    assert requests == []
    assert not (isolated_env / "warehouse.duckdb").exists()
    assert not (isolated_env / "analytics.duckdb").exists()


def test_a_failed_load_job_is_said_in_one_line_without_its_traceback():
    from lifemetrics.failures import without_traceback

    message = (
        "Job with `job_id=games.87d94e13cc.sql` had 5 retries. Last failure message was: "
        "Traceback (most recent call last):\n"
        '  File "/x/dlt/destinations/sql_client.py", line 532, in _wrap_gen\n'
        "    return (yield from f(self, *args, **kwargs))\n"
        "_duckdb.OutOfMemoryException: Out of Memory Error: could not allocate block\n\n"
        "Possible solutions:\n* Reducing the number of threads (SET threads=X)\n\n"
        "The above exception was the direct cause of the following exception:\n\n"
        "Traceback (most recent call last):\n"
        "dlt.destinations.exceptions.DatabaseTransientException: Out of Memory Error\n"
    )
    line = without_traceback(RuntimeError(message))

    assert line == (
        "Job with `job_id=games.87d94e13cc.sql` had 5 retries. Last failure message was: "
        "_duckdb.OutOfMemoryException: Out of Memory Error: could not allocate block"
    )
    assert (
        without_traceback(ValueError("plain words\n  on two lines")) == "plain words on two lines"
    )
