"""The chess.com stand-in over real HTTP: real bytes, validators and 304, the User-Agent rule, faults, the log."""

from __future__ import annotations

import shutil

import pytest
import requests
from chess_support import CONTACT, PLAYER, fixture_games, new_game
from fixture_paths import FIXTURES

from lifemetrics.standins.chess_com import ChessComStandIn
from lifemetrics.standins.server import Fault

AGENT = {"User-Agent": f"test-client/1.0 (contact: {CONTACT})"}
MONTH = "2022-06"


@pytest.fixture
def fixture_standin():
    with ChessComStandIn.from_directory(FIXTURES / "chess_com") as running:
        yield running


def get(standin: ChessComStandIn, path: str, **headers: str) -> requests.Response:
    return requests.get(standin.server.base_url + path, headers={**AGENT, **headers}, timeout=10)


def test_serves_the_real_month_files_byte_for_byte_and_lists_them_as_archives(fixture_standin):
    archives = get(fixture_standin, ChessComStandIn.archives_path(PLAYER)).json()["archives"]
    month = get(fixture_standin, ChessComStandIn.month_path(PLAYER, MONTH))

    assert archives == [
        f"{fixture_standin.api_url}/player/{PLAYER}/games/{m}"
        for m in ("2022/02", "2022/06", "2025/02")
    ]
    assert month.content == (FIXTURES / "chess_com" / f"{PLAYER}_{MONTH}.json").read_bytes()
    assert month.headers["ETag"].startswith('"') and month.headers["Last-Modified"].endswith("GMT")
    assert fixture_standin.server.base_url.startswith("http://127.0.0.1:")


def test_serves_the_api_directory_layout_and_generated_players(tmp_path):
    target = tmp_path / "someone" / "games" / "2022" / "06.json"
    target.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "chess_com" / f"{PLAYER}_{MONTH}.json", target)
    with (
        ChessComStandIn.from_directory(tmp_path) as from_files,
        ChessComStandIn({"Gen": {"2024-01": [new_game()]}}) as generated,
    ):
        assert get(from_files, "/pub/player/someone/games/2022/06").json()[
            "games"
        ] == fixture_games(MONTH)
        assert len(get(generated, "/pub/player/gen/games/2024/01").json()["games"]) == 1
        assert get(generated, "/pub/player/gen/games/2024/02").status_code == 404
        assert get(generated, "/pub/player/nobody/games/archives").status_code == 404


def test_answers_304_to_a_matching_etag_or_an_unchanged_date(fixture_standin):
    path = ChessComStandIn.month_path(PLAYER, MONTH)
    first = get(fixture_standin, path)

    by_etag = get(fixture_standin, path, **{"If-None-Match": first.headers["ETag"]})
    by_date = get(fixture_standin, path, **{"If-Modified-Since": first.headers["Last-Modified"]})
    etag_decides = get(
        fixture_standin,
        path,
        **{"If-None-Match": '"other"', "If-Modified-Since": first.headers["Last-Modified"]},
    )

    assert (by_etag.status_code, by_etag.content, by_etag.headers["ETag"]) == (
        304,
        b"",
        first.headers["ETag"],
    )
    assert by_date.status_code == 304
    assert etag_decides.status_code == 200


def test_adding_a_game_changes_the_month_and_its_etag(fixture_standin):
    path = ChessComStandIn.month_path(PLAYER, MONTH)
    before = get(fixture_standin, path)
    game = new_game(MONTH)
    fixture_standin.add_game(PLAYER, MONTH, game)

    after = get(fixture_standin, path, **{"If-None-Match": before.headers["ETag"]})

    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert after.json()["games"] == [*fixture_games(MONTH), game]


@pytest.mark.parametrize(
    "agent", ["python-requests/2.32", "lifemetrics/0.1.0", "lifemetrics/0.1.0 (contact: someone)"]
)
def test_refuses_a_user_agent_without_contact_information(fixture_standin, agent):
    response = get(fixture_standin, ChessComStandIn.archives_path(PLAYER), **{"User-Agent": agent})
    assert response.status_code == 403


def test_accepts_a_url_as_contact(fixture_standin):
    response = get(
        fixture_standin,
        ChessComStandIn.archives_path(PLAYER),
        **{"User-Agent": "x/1 (+https://example.org/me)"},
    )
    assert response.status_code == 200


def test_injected_faults_apply_to_one_path_a_given_number_of_times(fixture_standin):
    path = ChessComStandIn.month_path(PLAYER, MONTH)
    fixture_standin.inject_month(PLAYER, MONTH, Fault(times=2, status=429, retry_after="7"))
    fixture_standin.inject_month(PLAYER, MONTH, Fault(status=500))
    fixture_standin.inject_month(PLAYER, MONTH, Fault(status=410))
    fixture_standin.inject_month(PLAYER, MONTH, Fault(truncate_body=True))

    answers = [get(fixture_standin, path) for _ in range(6)]

    assert [answer.status_code for answer in answers] == [429, 429, 500, 410, 200, 200]
    assert answers[0].headers["Retry-After"] == "7"
    with pytest.raises(requests.JSONDecodeError):
        answers[4].json()
    assert answers[5].json()["games"] == fixture_games(MONTH)
    assert get(fixture_standin, ChessComStandIn.month_path(PLAYER, "2022-02")).status_code == 200


def test_a_slow_answer_outlasts_a_short_client_timeout(fixture_standin):
    fixture_standin.inject_month(PLAYER, MONTH, Fault(delay_seconds=2))
    with pytest.raises(requests.Timeout):
        requests.get(
            fixture_standin.server.base_url + ChessComStandIn.month_path(PLAYER, MONTH),
            headers=AGENT,
            timeout=0.2,
        )


def test_logs_every_request_with_method_path_and_headers(fixture_standin):
    get(fixture_standin, ChessComStandIn.archives_path(PLAYER), **{"If-None-Match": '"x"'})

    (request,) = fixture_standin.requests
    assert (request.method, request.path) == ("GET", ChessComStandIn.archives_path(PLAYER))
    assert request.headers["if-none-match"] == '"x"' and CONTACT in request.headers["user-agent"]
    fixture_standin.server.clear_log()
    assert fixture_standin.requests == []
