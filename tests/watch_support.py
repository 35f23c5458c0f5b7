"""Shared by the watch tests: `lifemetrics watch` as a subprocess against the Oura stand-in under a controlled
clock, a webhook receiver on 127.0.0.1, and the warehouse's samples as comparable rows."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
from run_support import cli

from lifemetrics.standins.oura import OuraStandin
from lifemetrics.standins.oura.heartrate_feed import ControlledClock
from lifemetrics.standins.server import Reply, Request, StandInServer
from lifemetrics.synthetic.health import generate_person

LINE_WAIT_SECONDS = 120


@dataclass
class Webhook:
    """A webhook receiver: every POST's JSON body, in order."""

    server: StandInServer
    posts: list[dict] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.base_url + "/hook/secret-topic"


@contextmanager
def webhook_receiver() -> Iterator[Webhook]:
    """A 127.0.0.1 server answering 200 to every POST, keeping its JSON body."""
    holder: list[Webhook] = []

    def handle(request: Request) -> Reply:
        if request.method == "POST":
            holder[0].posts.append(json.loads(request.body))
        return Reply(200, b"{}")

    with StandInServer(handle) as server:
        holder.append(Webhook(server))
        yield holder[0]


@contextmanager
def clocked_standin(now: datetime) -> Iterator[tuple[OuraStandin, ControlledClock]]:
    """The Oura stand-in of a person whose days run to today, its heart rate cut at a clock set to `now`."""
    today = datetime.now(UTC).date()
    person = generate_person((today - timedelta(days=2), today), seed=5, timezone="UTC")
    clock = ControlledClock(now)
    with OuraStandin(person, clock=clock) as api:
        yield api, clock


class WatchProcess:
    """A running `lifemetrics watch`; its stdout lines are read by a thread, so a test can wait for one."""

    def __init__(self, env: dict[str, str], *options: str) -> None:
        self.process = cli("watch", *options, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, *texts: str) -> str:
        """The next line holding every one of `texts`; fails when the watch ends or takes too long."""
        deadline = time.monotonic() + LINE_WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    raise AssertionError(f"the watch ended: {self.process.communicate()}") from None
                continue
            self.seen.append(line)
            if all(text in line for text in texts):
                return line
        raise AssertionError(
            f"no line with {texts} in {LINE_WAIT_SECONDS} s; seen: {self.seen[-5:]}"
        )

    def kill(self, signum: int) -> int:
        """Send `signum` and wait for the end (its last lines join `seen`); the exit code."""
        self.process.send_signal(signum)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self.reader.join(timeout=10)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return self.process.returncode


def stored_samples(home: Path) -> list[tuple[str, int, str]]:
    """raw_oura.heartrate as (ISO timestamp, bpm, source), in time order, duplicates kept."""
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            'SELECT "timestamp", bpm, source FROM raw_oura.heartrate ORDER BY "timestamp"'
        ).fetchall()
    return [(at.astimezone(UTC).isoformat(), bpm, source) for at, bpm, source in rows]


def served_samples(api: OuraStandin, first: datetime, last: datetime) -> list[tuple[str, int, str]]:
    """The stand-in's samples of [first, last] as (ISO timestamp, bpm, source)."""
    return [
        (row["timestamp"], row["bpm"], row["source"]) for row in api.served_heartrate(first, last)
    ]


def five_minutes_floor(moment: datetime) -> datetime:
    """`moment` down to the 5-minute grid Oura's samples lie on."""
    return moment.replace(minute=moment.minute - moment.minute % 5, second=0, microsecond=0)
