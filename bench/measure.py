"""Measuring a stage from outside: wall and CPU time, peak RSS (sampled), HTTP requests and bytes.

`Meter` is used in the child process that runs one phase. Stages are measured one after another
(`with meter.stage("publish"): ...`); inner spans (`meter.span("download")`) add up wall and CPU
time of the pieces a stage is made of, wherever they happen (e.g. HTTP sends inside dlt's extract).
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


def current_rss_bytes() -> int:
    """Resident set size of this process now (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES
    except OSError:
        return 0


def cpu_seconds() -> float:
    """CPU seconds of this process and of the children it has reaped (worker processes of a stage)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def max_rss_bytes() -> int:
    """High-water mark of this process's RSS since it started (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class RssSampler:
    """A daemon thread sampling RSS every `interval` seconds; `take_peak()` returns and resets the peak."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self._peak = current_rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._peak = max(self._peak, current_rss_bytes())

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def take_peak(self) -> int:
        """The peak since the last call (at least the RSS right now), then start over from now."""
        peak = max(self._peak, current_rss_bytes())
        self._peak = current_rss_bytes()
        return peak


@dataclass
class Span:
    """Accumulated wall and CPU seconds of one named piece of work, and how many times it ran."""

    wall_s: float = 0.0
    cpu_s: float = 0.0
    calls: int = 0


@dataclass
class HttpLog:
    """Requests and response-body bytes per service ('chess', 'oura', ...), with status and path detail."""

    requests: Counter = field(default_factory=Counter)
    bytes: Counter = field(default_factory=Counter)
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    paths: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, service: str, status: int, body_bytes: int, path_kind: str) -> None:
        self.requests[service] += 1
        self.bytes[service] += body_bytes
        self.statuses[service][str(status)] += 1
        self.paths[service][path_kind] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            service: {
                "requests": self.requests[service],
                "bytes": self.bytes[service],
                "statuses": dict(self.statuses[service]),
                "paths": dict(self.paths[service]),
            }
            for service in sorted(self.requests)
        }


@dataclass
class StageResult:
    """What one stage cost."""

    name: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    max_rss_mb: float
    http: dict[str, Any]
    spans: dict[str, dict[str, float]]
    detail: dict[str, Any]


class Meter:
    """Stage-by-stage measurements of the current process; start() before the first stage."""

    def __init__(self, profile_dir: Path | None = None) -> None:
        self.profile_dir = profile_dir
        self.sampler = RssSampler()
        self.results: list[StageResult] = []
        self._spans: dict[str, Span] = defaultdict(Span)
        self._http = HttpLog()
        self.detail: dict[str, Any] = {}
        self.outcome: dict[
            str, Any
        ] = {}  # what the phase as a whole found (e.g. nothing new to build)
        self.missing_hooks: list[str] = []

    def start(self) -> Meter:
        self.sampler.start()
        return self

    @contextmanager
    def span(self, name: str) -> Iterator[None]:
        """Add the wall and CPU time of the block to span `name` of the current stage."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            span = self._spans[name]
            span.wall_s += time.perf_counter() - wall
            span.cpu_s += time.process_time() - cpu
            span.calls += 1

    def record_http(self, service: str, status: int, body_bytes: int, path_kind: str) -> None:
        """Count one HTTP exchange in the current stage."""
        self._http.add(service, status, body_bytes, path_kind)

    @contextmanager
    def _profiled(self, name: str) -> Iterator[None]:
        """Profile the block with pyinstrument when a profile directory is set (a dev dependency)."""
        if self.profile_dir is None:
            yield
            return
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        try:
            yield
        finally:
            profiler.stop()
            self.profile_dir.mkdir(parents=True, exist_ok=True)
            slug = "".join(char if char.isalnum() else "_" for char in name)
            (self.profile_dir / f"{slug}.txt").write_text(
                profiler.output_text(show_all=False, timeline=False)
            )
            (self.profile_dir / f"{slug}.html").write_text(profiler.output_html())
            profiler.last_session.save(str(self.profile_dir / f"{slug}.pyisession"))

    @contextmanager
    def stage(self, name: str) -> Iterator[dict[str, Any]]:
        """Measure one stage; the yielded dict collects stage-specific detail (rows, games/s...)."""
        self._spans, self._http, self.detail = defaultdict(Span), HttpLog(), {}
        self.sampler.take_peak()
        wall, cpu = time.perf_counter(), cpu_seconds()
        try:
            with self._profiled(name):
                yield self.detail
        finally:
            self.results.append(
                StageResult(
                    name=name,
                    wall_s=round(time.perf_counter() - wall, 4),
                    cpu_s=round(cpu_seconds() - cpu, 4),
                    peak_rss_mb=round(self.sampler.take_peak() / MB, 1),
                    max_rss_mb=round(max_rss_bytes() / MB, 1),
                    http=self._http.as_dict(),
                    spans={
                        key: {
                            "wall_s": round(s.wall_s, 4),
                            "cpu_s": round(s.cpu_s, 4),
                            "calls": s.calls,
                        }
                        for key, s in self._spans.items()
                    },
                    detail=dict(self.detail),
                )
            )
