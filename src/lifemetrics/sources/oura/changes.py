"""Which re-read rows are new or changed: only those are loaded again.

Every run re-reads a look-back window of days already loaded, to catch Oura's late and revised data. Loading
those rows again unchanged would give them a new load id, and every daily run would then rebuild the models
for nothing. So each group of rows in the recent days (a daily document's day, a sleep period, a local day of
heart rate: see `Endpoint.change_group` and `fetch.changed_samples`) gets a digest kept in the endpoint's dlt
state, and a group is loaded again only when its digest changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date

import orjson

Digests = dict[str, str]  # group key (starting with its ISO day) -> digest of the group's rows


def digest(rows: Iterable[dict]) -> str:
    """A short digest of rows, independent of their order and of the order of their fields."""
    encoded = sorted(orjson.dumps(row, option=orjson.OPT_SORT_KEYS) for row in rows)
    return hashlib.blake2b(b"\n".join(encoded), digest_size=12).hexdigest()


class ChangeFilter:
    """Keeps the rows of groups that are new or changed since the digests of the last run.

    Group keys start with an ISO day. Groups before `horizon` are older than any look-back will re-read: they
    are kept without a digest (a back-fill loads them once). Without a horizon (personal info: one document,
    no day), every group is compared. With `forget`, every row is kept (a re-read asked for with --since), and
    the digests are still recorded for the next run.
    """

    def __init__(self, stored: Digests, horizon: date | None, forget: bool = False) -> None:
        self.stored = dict(stored)
        self.forget = forget
        self.horizon = horizon
        self._horizon_key = horizon.isoformat() if horizon else ""  # keys compare as ISO days
        self.seen: Digests = {}
        self.gone: set[str] = set()

    def keep(self, rows: list[dict], group_of: Callable[[dict], str]) -> list[dict]:
        """The rows of `rows` in new or changed groups (and in groups before the horizon), in their order."""
        changed = self.changed_groups(rows, group_of)
        return [row for row in rows if group_of(row) in changed]

    def changed_groups(self, rows: list[dict], group_of: Callable[[dict], str]) -> set[str]:
        """The groups of `rows` to load: new or changed ones, and those before the horizon."""
        groups: dict[str, list[dict]] = {}
        for row in rows:
            groups.setdefault(group_of(row), []).append(row)
        changed = set()
        for key, members in groups.items():
            if key[:10] < self._horizon_key:
                changed.add(key)
                continue
            self.seen[key] = digest(members)
            if self.forget or self.stored.get(key) != self.seen[key]:
                changed.add(key)
        return changed

    def vanished(self, first: date, last: date) -> list[str]:
        """Groups of the days `first`..`last` stored by an earlier run but not among the rows read now:
        removed upstream. They are forgotten, so a group that comes back loads again."""
        low, high = max(first.isoformat(), self._horizon_key), last.isoformat()
        gone = [
            key for key in sorted(self.stored) if low <= key[:10] <= high and key not in self.seen
        ]
        self.gone.update(gone)
        return gone

    def digests(self) -> Digests:
        """The digests for the next run: those seen now over those stored, none before the horizon or gone."""
        merged = {**self.stored, **self.seen}
        return {
            key: value
            for key, value in sorted(merged.items())
            if key[:10] >= self._horizon_key and key not in self.gone
        }
