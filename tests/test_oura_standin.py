"""The Oura stand-in over real HTTP: openapi-1.37 shapes, paging, date rules, limits, failures, OAuth2."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from functools import cache
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from fixture_paths import FIXTURES
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from lifemetrics.sources.http import RetryPolicy, get_with_retry
from lifemetrics.standins.oura import OuraStandin
from lifemetrics.standins.oura.heartrate_feed import ControlledClock
from lifemetrics.synthetic.health import SyntheticPerson, generate_person

FIRST, LAST = date(2024, 3, 1), date(2024, 5, 31)
ENDPOINTS = (
    "daily_sleep",
    "daily_readiness",
    "daily_resilience",
    "daily_activity",
    "daily_stress",
    "daily_spo2",
    "sleep",
    "heartrate",
    "personal_info",
)
REDIRECT = "http://127.0.0.1:8399/callback"


@cache
def openapi() -> dict:
    """Oura's own OpenAPI export, the contract."""
    return json.loads((FIXTURES / "oura" / "openapi-1.37.json").read_text())


def typed_schema_name(endpoint: str) -> str:
    """The spec's typed 200 schema of an endpoint (not the permissive *Dict alternative)."""
    schema = openapi()["paths"][f"/v2/usercollection/{endpoint}"]["get"]["responses"]["200"][
        "content"
    ]["application/json"]["schema"]
    ref = schema["anyOf"][0]["$ref"] if "anyOf" in schema else schema["$ref"]
    return ref.rsplit("/", 1)[-1]


def assert_valid(body: dict, schema_name: str) -> None:
    """Validate against components/schemas/<name>, resolving $refs in the spec, and allow no field the spec lacks."""
    registry = Registry().with_resource(
        "urn:oura", Resource.from_contents(openapi(), default_specification=DRAFT202012)
    )
    OAS31Validator(
        {"$ref": f"urn:oura#/components/schemas/{schema_name}"}, registry=registry
    ).validate(body)
    schemas = openapi()["components"]["schemas"]
    documents = body["data"] if "data" in body else [body]
    if documents:
        item_ref = (
            schemas[schema_name]["properties"]["data"]["items"]["$ref"]
            if "data" in body
            else f"#/{schema_name}"
        )
        known = set(schemas[item_ref.rsplit("/", 1)[-1]]["properties"])
        for document in documents:
            assert set(document) <= known, f"fields not in the spec: {set(document) - known}"


@pytest.fixture(scope="module")
def person() -> SyntheticPerson:
    return generate_person((FIRST, LAST), seed=3, timezone="Europe/Paris")


@pytest.fixture(scope="module")
def running(person: SyntheticPerson):
    with OuraStandin(person, page_size=25, heartrate_page_size=500) as standin:
        yield standin


@pytest.fixture
def api(running: OuraStandin) -> OuraStandin:
    """The module's stand-in with an empty request log, no pending failures and consent granted."""
    running.server.clear_log()
    running.failures.clear()
    running.deny_authorization = False
    return running


def get(
    api: OuraStandin, endpoint: str, token: str | None = None, **params: str
) -> requests.Response:
    headers = {"Authorization": f"Bearer {token or api.issue_token()}"}
    return requests.get(
        f"{api.url}/v2/usercollection/{endpoint}", params=params, headers=headers, timeout=10
    )


def read_all(api: OuraStandin, endpoint: str, **params: str) -> list[dict]:
    """Every page of one query, each validated against the spec."""
    token = api.issue_token()
    pages = []
    response = get(api, endpoint, token, **params)
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        assert_valid(body, typed_schema_name(endpoint))
        pages.append(body["data"])
        if not body.get("next_token"):
            return [row for page in pages for row in page]
        response = get(api, endpoint, token, next_token=body["next_token"])


@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if e not in ("heartrate", "personal_info")]
)
def test_document_endpoints_validate_against_openapi_and_page_every_document_once(
    api, person, endpoint
):
    documents = read_all(
        api, endpoint, start_date=FIRST.isoformat(), end_date=(LAST + timedelta(days=1)).isoformat()
    )
    ids = [doc["id"] for doc in documents]
    assert len(ids) == len(set(ids))
    assert ids == [doc["id"] for doc in person.documents(endpoint, FIRST, LAST)]
    assert len(documents) > 25  # more than one page was needed


def test_heartrate_validates_and_pages_every_sample_once(api, person):
    start = datetime(2024, 4, 1, tzinfo=timezone.utc)
    end = start + timedelta(days=30)
    rows = read_all(
        api, "heartrate", start_datetime=start.isoformat(), end_datetime=end.isoformat()
    )
    expected = list(person.heartrate(start, end))
    assert rows == expected
    assert len(rows) > 5000
    assert {row["source"] for row in rows} >= {"awake", "rest", "sleep", "workout"}
    assert all(row["timestamp"].endswith("+00:00") for row in rows)


def test_personal_info_validates_and_shows_fields_by_scope(api):
    full = get(api, "personal_info")
    assert full.status_code == 200
    assert_valid(full.json(), typed_schema_name("personal_info"))
    assert full.json()["email"] == "demo@lifemetrics.invalid"
    personal = get(api, "personal_info", api.issue_token(scopes=("personal",))).json()
    assert personal["email"] is None and personal["age"] == full.json()["age"]
    id_only = get(api, "personal_info", api.issue_token(scopes=("daily",)))
    assert id_only.status_code == 200
    assert id_only.json() == {**dict.fromkeys(full.json()), "id": full.json()["id"]}


def test_end_date_is_inclusive_except_on_daily_activity_and_sleep(api):
    day = date(2024, 4, 10).isoformat()
    next_day = date(2024, 4, 11).isoformat()
    assert [
        d["day"] for d in get(api, "daily_sleep", start_date=day, end_date=day).json()["data"]
    ] == [day]
    assert get(api, "daily_activity", start_date=day, end_date=day).json()["data"] == []
    assert [
        d["day"]
        for d in get(api, "daily_activity", start_date=day, end_date=next_day).json()["data"]
    ] == [day]
    assert {
        d["day"] for d in get(api, "sleep", start_date=day, end_date=next_day).json()["data"]
    } == {day}


def test_bad_dates_answer_400_or_422(api):
    reversed_range = get(api, "daily_sleep", start_date="2024-04-10", end_date="2024-04-01")
    assert reversed_range.status_code == 400
    assert reversed_range.json()["status"] == 400
    unreadable = get(api, "daily_sleep", start_date="10/04/2024")
    assert unreadable.status_code == 422
    assert unreadable.json()["detail"][0]["loc"] == ["query", "start_date"]
    assert get(api, "daily_sleep", next_token="not-a-token").status_code == 400


def test_heartrate_arrives_as_the_controlled_clock_advances_with_planted_samples_in_place(person):
    start = datetime(2024, 4, 2, 10, tzinfo=timezone.utc)
    clock = ControlledClock(start)
    with OuraStandin(person, clock=clock) as standin:
        planted = standin.plant_heartrate(start + timedelta(minutes=30), [150, 160])
        window = {
            "start_datetime": (start - timedelta(hours=1)).isoformat(),
            "end_datetime": (start + timedelta(hours=2)).isoformat(),
        }
        before = read_all(standin, "heartrate", **window)
        clock.advance(timedelta(hours=1))
        after = read_all(standin, "heartrate", **window)
    assert max(row["timestamp"] for row in before) <= start.isoformat()
    assert after[: len(before)] == before
    newer = after[len(before) :]
    assert newer and max(row["timestamp"] for row in newer) <= clock.now().isoformat()
    assert [row for row in newer if row["bpm"] >= 150] == planted
    assert len({row["timestamp"] for row in after}) == len(after)


def test_heartrate_window_is_limited_to_30_days(api):
    start = datetime(2024, 3, 1, tzinfo=timezone.utc)
    assert (
        get(
            api,
            "heartrate",
            start_datetime=start.isoformat(),
            end_datetime=(start + timedelta(days=30)).isoformat(),
        ).status_code
        == 200
    )
    too_long = get(
        api,
        "heartrate",
        start_datetime=start.isoformat(),
        end_datetime=(start + timedelta(days=30, seconds=1)).isoformat(),
    )
    assert too_long.status_code == 400
    assert "30 days" in too_long.json()["detail"]


def test_heartrate_with_dates_instead_of_datetimes_is_empty(api):
    response = get(api, "heartrate", start_date="2024-04-01", end_date="2024-04-02")
    assert response.status_code == 200
    assert response.json() == {"data": [], "next_token": None}


def test_429_carries_retry_after_and_the_shared_retry_helper_honours_it(api):
    api.fail_next("daily_sleep", status=429, retry_after=7)
    waits: list[float] = []
    response = get_with_retry(
        requests.Session(),
        f"{api.url}/v2/usercollection/daily_sleep",
        headers={"Authorization": f"Bearer {api.issue_token()}"},
        params={"start_date": "2024-04-01", "end_date": "2024-04-02"},
        policy=RetryPolicy(max_attempts=3),
        sleep=waits.append,
    )
    assert response.status_code == 200
    assert waits == [7.0]
    assert api.requests[-2].path == api.requests[-1].path == "/v2/usercollection/daily_sleep"
    api.fail_next("heartrate", status=429, retry_after=2)
    limited = get(api, "heartrate")
    assert (limited.status_code, limited.headers["Retry-After"], limited.json()["status"]) == (
        429,
        "2",
        429,
    )
    assert {"X-RateLimit-Limit", "X-RateLimit-Reset"} <= set(limited.headers)
    api.fail_next(None, status=503, times=2)
    assert get(api, "heartrate").status_code == 503
    assert get(api, "sleep").status_code == 503
    assert get(api, "sleep").status_code == 200


def test_401_says_expired_invalid_missing_or_which_scope(api):
    token = api.issue_token(scopes=("daily",))
    assert get(api, "daily_sleep", token).status_code == 200
    missing_scope = get(api, "daily_stress", token)
    assert missing_scope.status_code == 401
    assert "'stress'" in missing_scope.json()["detail"]
    assert 'scope="stress"' in missing_scope.headers["WWW-Authenticate"]
    api.expire_access_tokens()
    expired = get(api, "daily_sleep", token)
    assert (expired.status_code, expired.json()["detail"]) == (401, "Access token expired")
    assert get(api, "daily_sleep", "fake-unknown-token").json()["detail"] == "Invalid access token"
    no_header = requests.get(f"{api.url}/v2/usercollection/daily_sleep", timeout=10)
    assert no_header.status_code == 401


def test_revised_day_is_returned_on_the_next_read(api):
    day = date(2024, 4, 20)
    params = {"start_date": day.isoformat(), "end_date": day.isoformat()}
    before = get(api, "daily_sleep", **params).json()["data"][0]
    api.revise("daily_sleep", day, score=11, contributors={"total_sleep": 12})
    after = get(api, "daily_sleep", **params).json()["data"][0]
    assert (after["id"], after["score"], after["contributors"]["total_sleep"]) == (
        before["id"],
        11,
        12,
    )
    assert after["contributors"]["deep_sleep"] == before["contributors"]["deep_sleep"]


def test_new_days_and_late_naps_appear(person):
    grown = generate_person((FIRST, FIRST + timedelta(days=20)), seed=3)
    with OuraStandin(grown) as api:
        api.add_days(2)
        last = (FIRST + timedelta(days=22)).isoformat()
        assert [
            d["day"]
            for d in get(api, "daily_readiness", start_date=last, end_date=last).json()["data"]
        ] == [last]
        nap = api.add_nap(FIRST + timedelta(days=5))
        periods = get(
            api, "sleep", start_date=nap["day"], end_date=(FIRST + timedelta(days=6)).isoformat()
        ).json()["data"]
        assert nap["id"] in {p["id"] for p in periods}


def authorize(api: OuraStandin, **overrides: str) -> dict[str, str]:
    """Follow /oauth/authorize (no human) and return the redirect's query."""
    params = {
        "response_type": "code",
        "client_id": "fake-client-id",
        "redirect_uri": REDIRECT,
        "scope": "daily heartrate personal stress",
        "state": "fake-state-123",
        **overrides,
    }
    response = requests.get(api.authorize_url, params=params, allow_redirects=False, timeout=10)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    return {k: v[0] for k, v in parse_qs(location.query).items()}


def token_request(api: OuraStandin, **form: str) -> requests.Response:
    return requests.post(
        api.token_url,
        data={"client_id": "fake-client-id", "client_secret": "fake-client-secret", **form},
        timeout=10,
    )


def test_authorization_code_flow_issues_tokens_that_read_the_api(api):
    redirect = authorize(api)
    assert redirect["state"] == "fake-state-123"
    exchanged = requests.post(
        api.token_url,
        data={
            "grant_type": "authorization_code",
            "code": redirect["code"],
            "redirect_uri": REDIRECT,
        },
        auth=("fake-client-id", "fake-client-secret"),
        timeout=10,
    )
    assert exchanged.status_code == 200
    tokens = exchanged.json()
    assert set(tokens) == {"access_token", "refresh_token", "expires_in", "token_type", "scope"}
    assert (tokens["token_type"], tokens["expires_in"]) == ("bearer", 86400)
    assert set(tokens["scope"].split()) == {"daily", "heartrate", "personal", "stress"}
    assert get(api, "daily_resilience", tokens["access_token"]).status_code == 200
    assert get(api, "daily_spo2", tokens["access_token"]).status_code == 401
    again = token_request(
        api, grant_type="authorization_code", code=redirect["code"], redirect_uri=REDIRECT
    )
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")


def test_authorization_can_be_denied_and_bad_clients_refused(api):
    api.deny_authorization = True
    assert authorize(api) == {
        "error": "access_denied",
        "error_description": "The user denied access",
        "state": "fake-state-123",
    }
    api.deny_authorization = False
    code = authorize(api)["code"]
    wrong_redirect = token_request(
        api, grant_type="authorization_code", code=code, redirect_uri="http://127.0.0.1:1/x"
    )
    assert wrong_redirect.json()["error"] == "invalid_grant"
    wrong_secret = token_request(
        api, grant_type="authorization_code", code=code, client_secret="fake-wrong"
    )
    assert (wrong_secret.status_code, wrong_secret.json()["error"]) == (401, "invalid_client")
    unknown_client = requests.get(
        api.authorize_url,
        params={"client_id": "nobody", "redirect_uri": REDIRECT},
        allow_redirects=False,
        timeout=10,
    )
    assert unknown_client.status_code == 400


def test_refresh_tokens_rotate_and_work_once(api):
    pair = api.issue_token_pair(scopes=("daily",))
    api.expire_access_tokens()
    assert get(api, "daily_sleep", pair["access_token"]).status_code == 401
    refreshed = token_request(api, grant_type="refresh_token", refresh_token=pair["refresh_token"])
    assert refreshed.status_code == 200
    new = refreshed.json()
    assert new["refresh_token"] != pair["refresh_token"]
    assert get(api, "daily_sleep", new["access_token"]).status_code == 200
    reused = token_request(api, grant_type="refresh_token", refresh_token=pair["refresh_token"])
    assert (reused.status_code, reused.json()["error"]) == (400, "invalid_grant")
    assert (
        token_request(
            api, grant_type="refresh_token", refresh_token=new["refresh_token"]
        ).status_code
        == 200
    )


def test_refresh_reuse_grace_lets_a_crashed_client_retry(person):
    with OuraStandin(person, refresh_reuse_grace_seconds=60) as lenient:
        pair = lenient.issue_token_pair()
        first = token_request(
            lenient, grant_type="refresh_token", refresh_token=pair["refresh_token"]
        )
        retried = token_request(
            lenient, grant_type="refresh_token", refresh_token=pair["refresh_token"]
        )
        assert first.status_code == retried.status_code == 200
        assert first.json()["refresh_token"] != retried.json()["refresh_token"]


def test_request_log_keeps_queries_but_never_tokens(api):
    token = api.issue_token()
    get(api, "daily_sleep", token, start_date="2024-04-01")
    token_request(api, grant_type="refresh_token", refresh_token="fake-standin-refresh-unknown")
    assert api.requests[0] == (
        "GET",
        "/v2/usercollection/daily_sleep",
        {"start_date": "2024-04-01"},
    )
    assert api.requests[1] == ("POST", "/oauth/token", {})
    assert token not in repr(api.requests)
