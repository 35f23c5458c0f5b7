"""The Oura API v2 endpoints lifemetrics loads: path, merge key, how they take dates, the scope they need.

Column hints declare the columns dbt relies on, so they exist (typed) even when the API never filled them.
Local date-times (`timestamp`, `bedtime_start`, ...) stay text: they carry the user's UTC offset, which a
TIMESTAMPTZ would drop. Only heart-rate timestamps (UTC by contract) are typed. Sample series (`met`,
`heart_rate`, `hrv`: {interval, items, timestamp}) are kept whole as JSON columns rather than exploded
into child tables of one row per sample.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from dlt.common.schema.typing import TColumnSchema


class DateParams(str, Enum):
    """How an endpoint is asked for a period."""

    DATES = "start_date/end_date"
    DATETIMES = "start_datetime/end_datetime"
    NONE = "none"


def _columns(**types: str) -> dict[str, TColumnSchema]:
    """dlt column hints from name=data_type pairs; every hinted column is nullable."""
    return {
        name: {"name": name, "data_type": kind, "nullable": True} for name, kind in types.items()
    }


# A row with this column true is a document Oura no longer serves: the merge deletes its key (dlt's
# hard_delete), and no row of it is stored.
REMOVED = "_removed"


def _daily_columns(**types: str) -> dict[str, TColumnSchema]:
    """Hints of a daily document or sleep period: `id`, `day` (a DATE), the removal flag, its own columns."""
    removed: TColumnSchema = {
        "name": REMOVED,
        "data_type": "bool",
        "nullable": True,
        "hard_delete": True,
    }
    return {**_columns(id="text", day="date", **types), REMOVED: removed}


@dataclass(frozen=True)
class Endpoint:
    """One collection of the API as a raw table."""

    name: str
    key: str
    params: DateParams
    scope: str
    window_days: int
    columns: dict[str, TColumnSchema] = field(default_factory=dict, compare=False)

    @property
    def path(self) -> str:
        """The URL path below the API base."""
        return f"/v2/usercollection/{self.name}"

    def change_group(self, row: dict) -> str:
        """The group a document's changes are tracked by (see sources/oura/changes.py): its ISO day first.

        Daily documents by day; sleep periods and personal info by day (if any) and id.
        """
        if self.key == "day":
            return str(row.get("day", ""))
        return f"{row.get('day', '')} {row.get(self.key)}"

    def removal(self, group: str) -> dict:
        """The row that deletes the document of `group` (a `change_group` key) from the raw table."""
        key = group if self.key == "day" else group.split(" ", 1)[1]
        return {self.key: key, REMOVED: True}


_SLEEP_CONTRIBUTORS = (
    "deep_sleep",
    "efficiency",
    "latency",
    "rem_sleep",
    "restfulness",
    "timing",
    "total_sleep",
)
_READINESS_CONTRIBUTORS = (
    "activity_balance",
    "body_temperature",
    "hrv_balance",
    "previous_day_activity",
    "previous_night",
    "recovery_index",
    "resting_heart_rate",
    "sleep_balance",
)
_RESILIENCE_CONTRIBUTORS = ("sleep_recovery", "daytime_recovery", "stress")

DAILY_WINDOW_DAYS = 90  # Oura advises asking for 1-3 months at a time
HEARTRATE_WINDOW_DAYS = 30  # the API refuses longer heart-rate ranges

# Daily documents and sleep periods: asked for by start_date/end_date, 90 days at a time.
_BY_DATES = {"params": DateParams.DATES, "window_days": DAILY_WINDOW_DAYS}

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "personal_info", key="id", params=DateParams.NONE, scope="personal", window_days=0,
        columns=_columns(
            id="text", age="bigint", weight="double", height="double", biological_sex="text"
        ),
    ),
    Endpoint(
        "daily_sleep", key="day", scope="daily", **_BY_DATES,
        columns=_daily_columns(
            score="bigint", timestamp="text",
            **{f"contributors__{name}": "bigint" for name in _SLEEP_CONTRIBUTORS},
        ),
    ),
    Endpoint(
        "daily_readiness", key="day", scope="daily", **_BY_DATES,
        columns=_daily_columns(
            score="bigint", timestamp="text", temperature_deviation="double",
            **{f"contributors__{name}": "bigint" for name in _READINESS_CONTRIBUTORS},
        ),
    ),
    Endpoint(
        "daily_resilience", key="day", scope="stress", **_BY_DATES,
        columns=_daily_columns(
            level="text", **{f"contributors__{name}": "double" for name in _RESILIENCE_CONTRIBUTORS}
        ),
    ),
    Endpoint(
        "daily_activity", key="day", scope="daily", **_BY_DATES,
        columns=_daily_columns(
            score="bigint", steps="bigint", active_calories="bigint", timestamp="text", met="json"
        ),
    ),
    Endpoint(
        "daily_stress", key="day", scope="stress", **_BY_DATES,
        columns=_daily_columns(stress_high="bigint", recovery_high="bigint", day_summary="text"),
    ),
    Endpoint(
        "daily_spo2", key="day", scope="spo2Daily", **_BY_DATES,
        columns=_daily_columns(spo2_percentage__average="double"),
    ),
    Endpoint(
        "sleep", key="id", scope="daily", **_BY_DATES,
        columns=_daily_columns(
            type="text", bedtime_start="text", bedtime_end="text", total_sleep_duration="bigint",
            deep_sleep_duration="bigint", rem_sleep_duration="bigint", light_sleep_duration="bigint",
            awake_time="bigint", lowest_heart_rate="bigint", average_hrv="bigint",
            average_heart_rate="double", average_breath="double", efficiency="bigint",
            heart_rate="json", hrv="json",
        ),
    ),
    Endpoint(
        "heartrate", key="timestamp", params=DateParams.DATETIMES, scope="heartrate",
        window_days=HEARTRATE_WINDOW_DAYS,
        columns={
            **_columns(bpm="bigint", source="text", timestamp_unix="bigint"),
            "timestamp": {"name": "timestamp", "data_type": "timestamp", "precision": 6, "nullable": True},
        },
    ),
)  # fmt: skip

ENDPOINTS_BY_NAME: dict[str, Endpoint] = {endpoint.name: endpoint for endpoint in ENDPOINTS}

# What `lifemetrics oura login` asks for: every scope the endpoints need (sorted, space-separated on the wire).
LOGIN_SCOPES: tuple[str, ...] = tuple(
    sorted(
        {"daily", "heartrate", "personal", "stress"} | {endpoint.scope for endpoint in ENDPOINTS}
    )
)

# Scope names that grant the same permission (the spec says spo2Daily; Oura's docs also say spo2).
SCOPE_ALIASES: dict[str, frozenset[str]] = {"spo2Daily": frozenset({"spo2Daily", "spo2"})}


def scope_granted(scope: str, granted: frozenset[str]) -> bool:
    """True when `granted` includes `scope` under any of its names."""
    return bool(SCOPE_ALIASES.get(scope, frozenset({scope})) & granted)


# Fields never stored: the user's e-mail address is not needed and is personal.
DROPPED_FIELDS: dict[str, frozenset[str]] = {"personal_info": frozenset({"email"})}
