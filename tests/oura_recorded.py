"""Recorded Oura responses (tests/data/oura/samples) served through the Oura stand-in as if they were one
ring wearer's history, so the real ingestion, dbt build and publish run on documents nobody generated."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from fixture_paths import FIXTURES

SAMPLES = FIXTURES / "oura" / "samples"
DOCUMENT_FILES = {
    "daily_sleep": "daily_sleep",
    "daily_readiness": "daily_readiness",
    "daily_resilience": "daily_resilience",
    "daily_activity": "daily_activity",
    "daily_stress": "daily_stress",
    "daily_spo2": "daily_spo2",
    "sleep": "sleep*",
    "heartrate": "heartrate",
}


def recorded_rows(sample_sets: list[str], endpoint: str) -> list[dict]:
    """Every `data` row of `endpoint`'s response files (pages included) in the named sample sets."""
    rows: list[dict] = []
    for name in sample_sets:
        for path in sorted((SAMPLES / name).glob(f"{DOCUMENT_FILES[endpoint]}.json")):
            rows.extend(json.loads(path.read_text())["data"])
    return rows


@dataclass
class RecordedPerson:
    """The person interface the Oura stand-in serves (documents, heartrate, personal_info, timezone),
    answered from recorded responses instead of a generator."""

    sample_sets: list[str]
    timezone: str
    personal_info: dict = field(default_factory=lambda: {"id": "recorded-person"})

    def documents(
        self, endpoint: str, first: date | None = None, last: date | None = None
    ) -> list[dict]:
        """The recorded documents of `endpoint` whose `day` lies in [first, last], in day order."""
        rows = recorded_rows(self.sample_sets, endpoint)
        inside = [
            row
            for row in rows
            if (first is None or date.fromisoformat(row["day"]) >= first)
            and (last is None or date.fromisoformat(row["day"]) <= last)
        ]
        return sorted(inside, key=lambda row: (row["day"], row.get("bedtime_start", "")))

    def heartrate(self, start: datetime, end: datetime) -> Iterator[dict]:
        """The recorded samples with start <= timestamp <= end, oldest first."""
        rows = recorded_rows(self.sample_sets, "heartrate")
        inside = [row for row in rows if start <= datetime.fromisoformat(row["timestamp"]) <= end]
        return iter(sorted(inside, key=lambda row: datetime.fromisoformat(row["timestamp"])))
