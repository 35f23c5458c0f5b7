"""A deterministic synthetic Oura user: every endpoint's documents in the API v2 shapes (openapi 1.37).

    person = generate_person(90, seed=0, timezone="Europe/Paris")      # the 90 days ending yesterday
    person = generate_person((date(2024, 1, 1), date(2024, 3, 31)))   # or an explicit range (inclusive)
    person.documents("daily_sleep", first, last)    # documents whose `day` is in [first, last]
    person.heartrate(start, end)                    # lazy iterator of 5-minute samples, UTC timestamps
    person.personal_info                            # fake id, age, weight, height, sex, demo email
    person.revise("daily_sleep", day, score=55)     # a revised past day (nested dicts are merged)
    person.extend(3)                                # three new days after `last_day`
    person.add_nap(day)                             # a late-arriving nap period on `day`

Daily documents: daily_sleep, daily_readiness, daily_resilience, daily_activity, daily_stress,
daily_spo2 (one per day; ~2% of days have none at all: the ring was not worn; resilience starts after
a two-week baseline; readiness balances are null during it). `sleep` holds sleep periods: a long_sleep
per day and occasional late_nap periods.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from lifemetrics.synthetic.health.days import DayGenerator, DayPlan, DayRecord, document_id
from lifemetrics.synthetic.health.heartrate import heartrate_samples

DAILY_ENDPOINTS = (
    "daily_sleep",
    "daily_readiness",
    "daily_resilience",
    "daily_activity",
    "daily_stress",
    "daily_spo2",
)
DOCUMENT_ENDPOINTS = (*DAILY_ENDPOINTS, "sleep")
DEMO_EMAIL = "demo@lifemetrics.invalid"


@dataclass
class SyntheticPerson:
    """One ring wearer's generated history; documents are held, heart rate is generated on demand."""

    seed: int
    timezone: str
    first_day: date
    last_day: date
    personal_info: dict
    _generator: DayGenerator
    _days: dict[date, DayRecord] = field(default_factory=dict)

    def documents(
        self, endpoint: str, first: date | None = None, last: date | None = None
    ) -> list[dict]:
        """The documents of `endpoint` whose `day` lies in [first, last], in day order (not copies)."""
        first = first or self.first_day
        last = last or self.last_day
        found: list[dict] = []
        for offset in range(max(0, (last - first).days + 1)):
            record = self._days.get(first + timedelta(days=offset))
            if record is None:
                continue
            if endpoint == "sleep":
                found.extend(sorted(record.sleep, key=lambda doc: doc["bedtime_start"]))
            elif endpoint in record.daily:
                found.append(record.daily[endpoint])
            elif endpoint not in DAILY_ENDPOINTS:
                raise KeyError(f"unknown Oura endpoint {endpoint!r}")
        return found

    def heartrate(self, start: datetime, end: datetime) -> Iterator[dict]:
        """5-minute samples with start <= timestamp <= end (aware datetimes), generated lazily."""
        return heartrate_samples(self._plan, self.seed, start, end)

    def revise(self, endpoint: str, day: date, **changes: object) -> dict:
        """Change a stored document of `day` in place (the long_sleep period for `sleep`); returns it."""
        target = self._document(endpoint, day)
        for key, value in changes.items():
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                target[key].update(value)
            else:
                target[key] = value
        return target

    def extend(self, days: int = 1) -> None:
        """Generate `days` more days after `last_day`, as new data arriving."""
        for _ in range(days):
            self.last_day += timedelta(days=1)
            self._days[self.last_day] = self._generator.next_day(self.last_day)

    def add_nap(self, day: date) -> dict:
        """Add a late-arriving afternoon nap period (type late_nap) on `day`; returns it."""
        record = self._days[day]
        nap = self._generator.nap(day, random.Random(f"{self.seed}:nap:{day}:{len(record.sleep)}"))
        nap["id"] = document_id(
            self.seed, "sleep", f"{day.isoformat()}/late-nap/{len(record.sleep)}"
        )
        nap["period"] = len(record.sleep)
        record.sleep.append(nap)
        return nap

    def remove(self, endpoint: str, day: date) -> dict:
        """Delete a stored document of `day` (the long_sleep period for `sleep`), as Oura may; returns it."""
        target = self._document(endpoint, day)
        record = self._days[day]
        if endpoint == "sleep":
            record.sleep.remove(target)
        else:
            del record.daily[endpoint]
        return target

    def _document(self, endpoint: str, day: date) -> dict:
        """The stored document `revise` changes; KeyError naming what is missing."""
        record = self._days.get(day)
        if record is None:
            raise KeyError(
                f"no data on {day} (outside {self.first_day}..{self.last_day} or a day without the ring)"
            )
        if endpoint == "sleep":
            return next(doc for doc in record.sleep if doc["type"] == "long_sleep")
        if endpoint == "personal_info":
            return self.personal_info
        if endpoint not in record.daily:
            raise KeyError(f"no {endpoint} document on {day}")
        return record.daily[endpoint]

    def _plan(self, day: date) -> DayPlan | None:
        """The heart-rate plan of a local day, None outside the generated range."""
        record = self._days.get(day)
        return record.plan if record else None


def generate_person(
    days: int | tuple[date, date], seed: int = 0, timezone: str = "UTC"
) -> SyntheticPerson:
    """A person with `days` days ending yesterday (in `timezone`), or the inclusive (first, last) range."""
    if isinstance(days, int):
        if days < 1:
            raise ValueError(f"days must be at least 1, got {days}")
        last = datetime.now(ZoneInfo(timezone)).date() - timedelta(days=1)
        first = last - timedelta(days=days - 1)
    else:
        first, last = days
        if first > last:
            raise ValueError(f"first day {first} is after last day {last}")
    generator = DayGenerator(seed, timezone)
    person = SyntheticPerson(
        seed, timezone, first, first - timedelta(days=1), fake_personal_info(seed), generator
    )
    person.extend((last - first).days + 1)
    return person


def fake_personal_info(seed: int) -> dict:
    """personal_info of a fictional user (demo email under the reserved .invalid domain)."""
    rng = random.Random(f"{seed}:personal")
    sex = rng.choice(("male", "female"))
    height = round(rng.gauss(1.79 if sex == "male" else 1.66, 0.06), 2)
    return {
        "id": document_id(seed, "personal_info", "me"),
        "age": rng.randint(24, 58),
        "weight": round(height * height * rng.uniform(20.5, 26.5), 1),
        "height": height,
        "biological_sex": sex,
        "email": DEMO_EMAIL,
    }
