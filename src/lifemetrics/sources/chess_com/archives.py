"""Which monthly archives a run requests: new months, the current and previous month, and unsettled ones."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

import orjson

from lifemetrics.sources.chess_com.errors import MalformedArchive

MONTH_URL = re.compile(r"/games/(\d{4})/(\d{2})/?$")
SETTLE_DAYS = 2  # games land up to ~8 h into the next month and the API refreshes every 12 h


def parse_archive_list(body: bytes, url: str) -> list[str]:
    """The months ('YYYY-MM', oldest first) of an archives-list response; MalformedArchive if it is not one."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise MalformedArchive(f"{url} is not valid JSON ({exc})", url=url) from None
    archives = document.get("archives") if isinstance(document, dict) else None
    if not isinstance(archives, list):
        raise MalformedArchive(f"{url} has no 'archives' list", url=url)
    months = []
    for archive_url in archives:
        match = MONTH_URL.search(archive_url) if isinstance(archive_url, str) else None
        if match is None:
            raise MalformedArchive(
                f"{url} lists an archive that is not a month URL: {archive_url!r}", url=url
            )
        months.append(f"{match[1]}-{match[2]}")
    return sorted(set(months))


def month_start(month: str) -> datetime:
    """Midnight UTC of the first day of 'YYYY-MM'."""
    year, mm = month.split("-")
    return datetime(int(year), int(mm), 1, tzinfo=timezone.utc)


def shift_month(month: str, months: int) -> str:
    """'YYYY-MM' moved by `months` (negative goes back)."""
    start = month_start(month)
    index = start.year * 12 + start.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def is_settled(month: str, fetched_at: datetime) -> bool:
    """True when a fetch at `fetched_at` saw the month's final content (it closed, late games included)."""
    return fetched_at >= month_start(shift_month(month, 1)) + timedelta(days=SETTLE_DAYS)


def months_to_request(
    archive_months: list[str],
    fetched_at: Mapping[str, datetime],
    now: datetime,
    since: str | None = None,
) -> list[str]:
    """Months to GET: never loaded, the current or previous month (UTC), last fetched before they settled,
    or from `since` ('YYYY-MM', `lifemetrics run --since`) on."""
    current = f"{now.year:04d}-{now.month:02d}"
    recent = {current, shift_month(current, -1)}
    return [
        month
        for month in archive_months
        if month not in fetched_at
        or month in recent
        or not is_settled(month, fetched_at[month])
        or (since is not None and month >= since)
    ]
