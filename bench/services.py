"""What the lakehouse's services cost during a phase: peak resident memory and CPU seconds of each one.

The Trino engine's work happens in other processes (Trino's JVM, PostgreSQL and its backends, SeaweedFS),
so a phase's own figures are only part of its cost. A thread samples each service's process tree (the
recorded process and its descendants) four times a second; CPU seconds are the tree's, before and after.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from bench.load import process_cpu_s

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024
SAMPLE_SECONDS = 0.25


def parents() -> dict[int, int]:
    """Every running process's parent process id."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def process_tree(root: int, parent_of: dict[int, int]) -> list[int]:
    """`root` and its descendants that are running now."""
    children: dict[int, list[int]] = {}
    for pid, parent in parent_of.items():
        children.setdefault(parent, []).append(pid)
    tree, pending = [], [root] if root in parent_of else []
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending += children.get(pid, [])
    return tree


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (0 once it is gone)."""
    try:
        resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return resident * PAGE_BYTES / MB


def pss_mb(pid: int) -> float:
    """Proportional set size of one process in MB: its own pages, and its share of pages it shares
    (a forked worker's inherited imports count once over the tree, not once per process); 0 once gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024 / MB
    except (OSError, IndexError, ValueError):
        pass
    return 0.0


def tree_cpu_s(root: int) -> float:
    """CPU seconds of a process tree: each running member's own and its reaped children's."""
    return sum(process_cpu_s(pid) or 0.0 for pid in process_tree(root, parents()))


class ServiceWatch:
    """Samples the services' process trees while a phase runs (`with ServiceWatch(pids) as watch:`)."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.peak_mb = {name: 0.0 for name in pids}
        self.peak_total_mb = 0.0
        self.cpu_start: dict[str, float] = {}
        self.cpu_end: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def _sample(self) -> None:
        if not self.pids:
            return
        parent_of = parents()
        total = 0.0
        for name, root in self.pids.items():
            resident = sum(rss_mb(pid) for pid in process_tree(root, parent_of))
            self.peak_mb[name] = max(self.peak_mb[name], resident)
            total += resident
        self.peak_total_mb = max(self.peak_total_mb, total)

    def _sample_until_stopped(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self._sample()

    def __enter__(self) -> ServiceWatch:
        self.cpu_start = {name: tree_cpu_s(pid) for name, pid in self.pids.items()}
        self._sample()
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        self.cpu_end = {name: tree_cpu_s(pid) for name, pid in self.pids.items()}

    def cpu_s(self) -> float:
        """CPU seconds all services spent during the phase."""
        return sum(self.cpu_end[name] - self.cpu_start[name] for name in self.pids)

    def result(self) -> dict[str, Any]:
        """Per service and for all of them: peak RSS MB (of the summed trees) and CPU seconds."""
        services: dict[str, Any] = {
            name: {
                "peak_rss_mb": round(self.peak_mb[name], 1),
                "cpu_s": round(self.cpu_end[name] - self.cpu_start[name], 2),
            }
            for name in self.pids
        }
        services["all"] = {
            "peak_rss_mb": round(self.peak_total_mb, 1),
            "cpu_s": round(self.cpu_s(), 2),
        }
        return services
