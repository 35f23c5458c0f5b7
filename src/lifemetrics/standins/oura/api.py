"""The stand-in's `/v2/usercollection/*` endpoints: date rules, `next_token` paging, the 30-day heart-rate limit.

Date rules (mimicking the real API's inconsistency):
- daily endpoints and `sleep` take `start_date`/`end_date` (YYYY-MM-DD; a bad date answers 422).
  `start_date` is inclusive everywhere; `end_date` is inclusive except on `daily_activity` and `sleep`,
  where it is exclusive (END_DATE_EXCLUSIVE). Missing `end_date`: today; missing `start_date`: the day
  before `end_date`. `start_date` after `end_date` answers 400.
- `heartrate` takes `start_datetime`/`end_datetime` (ISO 8601; naive means UTC), both inclusive; a window
  longer than 30 days answers 400; a request with neither (e.g. only `start_date`/`end_date`) answers an
  empty page, as the real API does.
- `next_token` is opaque and reusable (a retried page gives the same page); it carries the original
  query, so a client may send it alone or with the same parameters.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from lifemetrics.standins.oura.heartrate_feed import HeartrateFeed
from lifemetrics.standins.oura.reply import api_error, json_reply, validation_error
from lifemetrics.standins.server import Reply
from lifemetrics.synthetic.health import DOCUMENT_ENDPOINTS, SyntheticPerson

ENDPOINT_SCOPES: dict[str, str | None] = {
    "daily_sleep": "daily",
    "daily_readiness": "daily",
    "daily_activity": "daily",
    "sleep": "daily",
    "daily_stress": "stress",
    "daily_resilience": "stress",
    "daily_spo2": "spo2",
    "heartrate": "heartrate",
    "personal_info": None,  # any token reads the id; age, weight... need `personal`, email needs `email`
}
END_DATE_EXCLUSIVE = frozenset({"daily_activity", "sleep"})
MAX_HEARTRATE_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class DocumentCursor:
    """Where a document page continues: the original day range and the offset into it."""

    endpoint: str
    first: date
    last: date
    offset: int


@dataclass(frozen=True)
class HeartrateCursor:
    """Where a heart-rate page continues: the next sample's time and the window's end."""

    resume: datetime
    end: datetime


def visible_personal_info(info: dict, scopes: frozenset[str] | None) -> dict:
    """personal_info as a token with `scopes` sees it (None: auth off, everything)."""
    visible = dict(info)
    for field, scope in (
        ("age", "personal"),
        ("weight", "personal"),
        ("height", "personal"),
        ("biological_sex", "personal"),
        ("email", "email"),
    ):
        if scopes is not None and scope not in scopes:
            visible[field] = None
    return visible


class UserCollection:
    """Answers GET /v2/usercollection/<endpoint> from a synthetic person's documents."""

    def __init__(
        self,
        person: SyntheticPerson,
        page_size: int,
        heartrate_page_size: int,
        feed: HeartrateFeed | None = None,
    ) -> None:
        self.person = person
        self.feed = feed or HeartrateFeed(person)
        self.page_size = page_size
        self.heartrate_page_size = heartrate_page_size
        self.cursors: dict[str, DocumentCursor | HeartrateCursor] = {}
        self.looping: set[str] = set()  # endpoints whose next_token leads back to the same page

    def get(self, endpoint: str, query: dict[str, str], scopes: frozenset[str] | None) -> Reply:
        """One page of `endpoint` (`scopes` None: auth is off, every field is shown)."""
        if endpoint == "personal_info":
            return json_reply(200, visible_personal_info(self.person.personal_info, scopes))
        if endpoint == "heartrate":
            return self._heartrate(query)
        if endpoint in DOCUMENT_ENDPOINTS:
            return self._documents(endpoint, query)
        return api_error(404, f"unknown endpoint /v2/usercollection/{endpoint}")

    def _documents(self, endpoint: str, query: dict[str, str]) -> Reply:
        """A page of daily documents or sleep periods."""
        if "next_token" in query:
            cursor = self.cursors.get(query["next_token"])
            if not isinstance(cursor, DocumentCursor) or cursor.endpoint != endpoint:
                return api_error(400, "Invalid next_token")
        else:
            window = self._day_window(endpoint, query)
            if isinstance(window, Reply):
                return window
            cursor = DocumentCursor(endpoint, *window, 0)
        documents = self.person.documents(endpoint, cursor.first, cursor.last)
        page = documents[cursor.offset : cursor.offset + self.page_size]
        next_token = None
        if endpoint in self.looping:
            next_token = self._remember(cursor, token=f"loop-{endpoint}")
        elif cursor.offset + self.page_size < len(documents):
            next_token = self._remember(
                DocumentCursor(endpoint, cursor.first, cursor.last, cursor.offset + self.page_size)
            )
        return json_reply(200, {"data": page, "next_token": next_token})

    def _day_window(self, endpoint: str, query: dict[str, str]) -> tuple[date, date] | Reply:
        """The inclusive range of `day` values a query asks for, after this endpoint's end_date rule."""
        try:
            end = date.fromisoformat(query["end_date"]) if "end_date" in query else self._today()
        except ValueError:
            return validation_error(
                "end_date", "Input should be a valid date in the format YYYY-MM-DD"
            )
        try:
            start = (
                date.fromisoformat(query["start_date"])
                if "start_date" in query
                else end - timedelta(days=1)
            )
        except ValueError:
            return validation_error(
                "start_date", "Input should be a valid date in the format YYYY-MM-DD"
            )
        if start > end:
            return api_error(400, "Start date is after end date")
        last = end - timedelta(days=1) if endpoint in END_DATE_EXCLUSIVE else end
        return start, last

    def _heartrate(self, query: dict[str, str]) -> Reply:
        """A page of 5-minute heart-rate samples within a window of at most 30 days."""
        if "next_token" in query:
            cursor = self.cursors.get(query["next_token"])
            if not isinstance(cursor, HeartrateCursor):
                return api_error(400, "Invalid next_token")
        elif "start_datetime" not in query and "end_datetime" not in query:
            return json_reply(200, {"data": [], "next_token": None})
        else:
            window = self._datetime_window(query)
            if isinstance(window, Reply):
                return window
            cursor = HeartrateCursor(*window)
        rows = list(
            itertools.islice(
                self.feed.samples(cursor.resume, cursor.end), self.heartrate_page_size + 1
            )
        )
        next_token = None
        if len(rows) > self.heartrate_page_size:
            resume = datetime.fromtimestamp(rows.pop()["timestamp_unix"] // 1000, timezone.utc)
            next_token = self._remember(HeartrateCursor(resume, cursor.end))
        return json_reply(200, {"data": rows, "next_token": next_token})

    def _datetime_window(self, query: dict[str, str]) -> tuple[datetime, datetime] | Reply:
        """(start, end) of a heart-rate query; 400 beyond 30 days or when reversed, 422 when unreadable."""
        bounds = {}
        for name in ("start_datetime", "end_datetime"):
            if name in query:
                try:
                    parsed = datetime.fromisoformat(query[name])
                except ValueError:
                    return validation_error(name, "Input should be a valid datetime (ISO 8601)")
                bounds[name] = parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
        end = bounds.get("end_datetime", datetime.now(timezone.utc))
        start = bounds.get("start_datetime", end - timedelta(days=1))
        if start > end:
            return api_error(400, "start_datetime is after end_datetime")
        if end - start > MAX_HEARTRATE_WINDOW:
            return api_error(400, "The requested time window exceeds the maximum of 30 days")
        return start, end

    def _remember(self, cursor: DocumentCursor | HeartrateCursor, token: str | None = None) -> str:
        """An opaque next_token for `cursor` (`token` when given)."""
        token = token or secrets.token_urlsafe(24)
        self.cursors[token] = cursor
        return token

    def _today(self) -> date:
        """Today in the person's time zone (the real API's default end_date)."""
        return datetime.now(ZoneInfo(self.person.timezone)).date()
