"""Which months a run requests, and reading the archives list."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from lifemetrics.sources.chess_com.archives import (
    months_to_request,
    parse_archive_list,
    shift_month,
)
from lifemetrics.sources.chess_com.errors import MalformedArchive

NOW = datetime(2025, 3, 15, tzinfo=timezone.utc)
MONTHS = ["2024-12", "2025-01", "2025-02", "2025-03"]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_a_first_run_requests_every_month():
    assert months_to_request(MONTHS, {}, NOW) == MONTHS


def test_later_runs_request_only_the_current_and_previous_month_once_the_others_settled():
    fetched = {month: at("2025-03-10") for month in MONTHS}
    assert months_to_request(MONTHS, fetched, NOW) == ["2025-02", "2025-03"]


def test_a_month_new_to_the_list_is_requested():
    fetched = {month: at("2025-03-10") for month in MONTHS[1:]}
    assert months_to_request(MONTHS, fetched, NOW) == ["2024-12", "2025-02", "2025-03"]


def test_a_month_last_seen_before_it_settled_is_requested_once_more():
    fetched = {"2025-01": at("2025-02-01T06:00"), "2024-12": at("2025-01-03T00:00")}
    assert months_to_request(["2024-12", "2025-01"], fetched, NOW) == ["2025-01"]


def test_the_month_before_january_is_last_december():
    assert (shift_month("2025-01", -1), shift_month("2024-12", 1)) == ("2024-12", "2025-01")


def test_the_archives_list_gives_months_oldest_first():
    body = b'{"archives": ["https://api.chess.com/pub/player/x/games/2025/02", "https://api.chess.com/pub/player/x/games/2009/10"]}'
    assert parse_archive_list(body, "u") == ["2009-10", "2025-02"]


@pytest.mark.parametrize(
    "body", [b"<html>", b'{"games": []}', b'{"archives": ["https://api.chess.com/pub/player/x"]}']
)
def test_anything_else_is_a_malformed_archive(body):
    with pytest.raises(MalformedArchive, match="u"):
        parse_archive_list(body, "u")
