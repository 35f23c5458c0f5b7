"""The loop of `lifemetrics watch`: every interval, the heart-rate samples since the newest stored one, each
held to the alert rules, then written under the run lock for a moment.

Nothing is lost or counted twice: each poll asks from the newest sample the watch has (from the warehouse
at start, so a crash or an outage only makes the next poll ask for more); samples go in with the daily
ingestion's merge key; while the lock is taken (a daily run) they wait in memory for the next poll. After
a restart the last hours of stored samples are fed to the rules again, so an episode open before the crash
goes on, and one already alerted (in `heart_rate_alerts`) is not alerted again.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa
import requests
from dlt.pipeline.exceptions import PipelineStepFailed

from lifemetrics.orchestration.lock import RunLocked, run_lock
from lifemetrics.progress import Progress, State, Tick
from lifemetrics.settings import Settings
from lifemetrics.sources.http import policy_from_settings
from lifemetrics.sources.oura.auth import bearer_for
from lifemetrics.sources.oura.client import OuraClient
from lifemetrics.sources.oura.errors import OuraAuthError, OuraError
from lifemetrics.sources.oura.fetch import fetch_heartrate_rows, heartrate_table
from lifemetrics.sources.oura.windows import InstantWindow
from lifemetrics.watch.notify import Notifier
from lifemetrics.watch.rules import Baselines, Episode, EpisodeTracker, Rules, Sample
from lifemetrics.watch.store import read_baselines, read_stored, write_stored

FIRST_POLL = timedelta(hours=24)  # what the first poll asks for when nothing is stored yet
LONGEST_WINDOW = timedelta(
    days=29
)  # the API answers at most 30 days; older gaps are the daily run's
END_MARGIN = timedelta(minutes=1)


def rules_from_settings(settings: Settings) -> Rules:
    """The alert rules `lifemetrics.toml` (or the command line) sets."""
    return Rules(
        ceilings=dict(settings.watch_above),
        hold_samples=settings.watch_hold_samples,
        mad_factor=settings.watch_mad_factor,
        min_margin_bpm=settings.watch_min_margin_bpm,
        include_workouts=settings.watch_include_workouts,
    )


class Watch:
    """One watch: its cursor (the newest sample it has), the rules' state, what waits to be written."""

    def __init__(
        self,
        settings: Settings,
        client: OuraClient,
        notifier: Notifier,
        progress: Progress,
    ) -> None:
        self.settings = settings
        self.client = client
        self.notifier = notifier
        self.progress = progress
        self.tracker = EpisodeTracker(rules_from_settings(settings))
        self.baselines = Baselines(notifier.zone)
        self.newest: datetime | None = None
        self.alerted: set[datetime] = set()
        # alerts whose webhook POST failed, tried again at each poll
        self.undelivered: dict[datetime, Episode] = {}
        self.pending_samples: list[pa.Table] = []
        self.pending_episodes: dict[datetime, Episode] = {}

    def start(self) -> None:
        """Read where the warehouse stands and feed the last stored hours to the rules; RunLocked while busy."""
        with run_lock(self.settings, brief=True):
            stored = read_stored(self.settings, self.settings.watch_baseline_days)
        self.baselines, self.newest, self.alerted = (
            stored.baselines,
            stored.newest,
            stored.alert_starts,
        )
        for sample in stored.recent:
            self._evaluate(sample)
        newest = self.newest.isoformat() if self.newest else "none stored yet"
        self._tick("start", f"newest sample {newest}", "step")

    def poll(self) -> None:
        """Fetch the samples since the newest one, hold each to the rules, write them (OuraError on failure)."""
        self._deliver_again()
        now = datetime.now(UTC)
        start = self.newest + timedelta(microseconds=1) if self.newest else now - FIRST_POLL
        window = InstantWindow(max(start, now - LONGEST_WINDOW), now + END_MARGIN)
        rows = fetch_heartrate_rows(self.client, window)
        table = heartrate_table(rows, window).sort_by("timestamp") if rows else None
        if table is not None and table.num_rows:
            for row in table.select(["timestamp", "bpm", "source"]).to_pylist():
                self._evaluate(Sample(row["timestamp"], row["bpm"], row["source"]))
            self.pending_samples.append(table)
            self.newest = table["timestamp"][-1].as_py()
        count = table.num_rows if table is not None else 0
        newest = self.newest.isoformat() if self.newest else "none"
        stored = self.write()
        self._tick("poll", f"{count} new samples, newest {newest}, {stored}", "done")

    def write(self) -> str:
        """Write what waits, under the run lock for the moment of writing; says what happened."""
        if not (self.pending_samples or self.pending_episodes):
            return "nothing to store"
        samples = (
            pa.concat_tables(self.pending_samples, promote_options="default")
            if self.pending_samples
            else None
        )
        kept = f"{samples.num_rows if samples else 0} samples kept for the next poll"
        try:
            with run_lock(self.settings, brief=True):
                write_stored(self.settings, samples, list(self.pending_episodes.values()))
                self.baselines = read_baselines(self.settings, self.settings.watch_baseline_days)
        except RunLocked:
            return f"warehouse busy (another lifemetrics command): {kept}"
        except (duckdb.Error, PipelineStepFailed) as exc:
            reason = str(getattr(exc, "exception", exc)).splitlines()[0]
            return f"cannot write the warehouse ({reason}): {kept}"
        self.pending_samples, self.pending_episodes = [], {}
        return "stored"

    def _evaluate(self, sample: Sample) -> None:
        """Hold one sample to the rules; alert an episode once, when it opens."""
        for change, episode in self.tracker.feed(sample, self.baselines):
            self.pending_episodes[episode.started_at] = episode
            if change == "opened" and episode.started_at not in self.alerted:
                self.alerted.add(episode.started_at)
                if not self.notifier.send(episode):
                    self.undelivered[episode.started_at] = episode
            elif change == "ended":
                self._tick("episode", f"ended: {episode.peak_bpm} bpm peak", "done")

    def _deliver_again(self) -> None:
        """POST again the alerts whose webhook POST failed, oldest first, until each gets through."""
        for started_at, episode in sorted(self.undelivered.items()):
            if self.notifier.post(episode):
                del self.undelivered[started_at]

    def _tick(self, unit: str, detail: str, state: State) -> None:
        self.progress(Tick("watch", unit, detail=detail, state=state))


def run_watch(settings: Settings, stop: threading.Event, progress: Progress) -> None:
    """Poll Oura every `watch_interval_seconds` until `stop` is set; OuraAuthError when access is gone.

    An outage (5xx after the retries, no connection) is said and the next poll asks again; 429s wait
    as long as Retry-After says (the client's retries), cut short by `stop`.
    """
    interval = settings.watch_interval_seconds
    with requests.Session() as session:
        client = _client(settings, session, stop, progress)
        notifier = notifier_from_settings(settings, progress)
        watch = Watch(settings, client, notifier, progress)
        if not _started(watch, stop, interval, progress):
            return
        while not stop.is_set():
            try:
                watch.poll()
            except OuraAuthError:
                raise
            except OuraError as exc:
                progress(
                    Tick("watch", "poll", detail=f"failed, asking again: {exc}", state="failed")
                )
            stop.wait(interval)
        progress(Tick("watch", "stop", detail=watch.write(), state="done"))


def _client(
    settings: Settings, session: requests.Session, stop: threading.Event, progress: Progress
) -> OuraClient:
    """The batch source's Oura client, its retry waits cut short by `stop` and said as ticks."""
    return OuraClient(
        settings.oura_api_url,
        bearer_for(settings, session),
        session,
        policy_from_settings(settings),
        sleep=stop.wait,
        on_retry=lambda reason, attempt, wait: progress(
            Tick("watch", "retry", detail=f"{reason}, attempt {attempt}, waiting {wait:.0f} s")
        ),
    )


def notifier_from_settings(settings: Settings, progress: Progress) -> Notifier:
    """Where alerts go: a tick line (the terminal or journal), the desktop, the webhook if set."""
    url = settings.watch_webhook_url
    return Notifier(
        zone=ZoneInfo(settings.timezone),
        say=lambda line: progress(Tick("watch", "alert", detail=line, state="step")),
        webhook_url=url.get_secret_value() if url else None,
        desktop=settings.watch_desktop,
    )


def _started(watch: Watch, stop: threading.Event, interval: float, progress: Progress) -> bool:
    """Start the watch, waiting while another command holds the warehouse; False when stopped first."""
    while not stop.is_set():
        try:
            watch.start()
            return True
        except RunLocked:
            progress(Tick("watch", "start", detail="warehouse busy; waiting", state="retry"))
        except duckdb.Error as exc:
            reason = str(exc).splitlines()[0]
            progress(
                Tick(
                    "watch",
                    "start",
                    detail=f"cannot read the warehouse ({reason}); waiting",
                    state="retry",
                )
            )
        stop.wait(interval)
    return False
