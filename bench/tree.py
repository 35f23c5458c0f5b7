"""A measured phase's whole process tree: what its children cost, including those that outlive it.

pyspark's driver starts Spark's JVM as a child process (in local mode the executors are threads of that
JVM; its Python workers are the JVM's children), and the JVM exits only once the driver has exited and
its stdin closed: an orphan, which `wait4` on the driver never accounts for. The benchmark becomes a
child subreaper (Linux `prctl(PR_SET_CHILD_SUBREAPER)`), so such orphans become its children; it
waits for those it saw in the phase's tree and adds their CPU seconds. Memory is the tree's resident
total, sampled, with each member's peak by kind (the root, `java`, other commands).
"""

from __future__ import annotations

import ctypes
import os
import resource
import time
from pathlib import Path
from typing import Any

from bench.services import MB, ServiceWatch, parents, process_tree, pss_mb, rss_mb

PR_SET_CHILD_SUBREAPER = 36
ORPHAN_WAIT_SECONDS = 120.0
ROOT = "root"


def become_subreaper() -> bool:
    """Make this process adopt its descendants' orphans (False where Linux's prctl is missing)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def command_name(pid: int) -> str:
    """The process's command name (`java`, `python3`, ...; '' once it is gone)."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


class ProcessTreeWatch(ServiceWatch):
    """Samples one process tree while it runs: its summed peak RSS, each kind's peak, every pid seen."""

    def __init__(self, root: int) -> None:
        super().__init__({ROOT: root})
        self.root = root
        self.seen: set[int] = set()
        self.peak_by_kind: dict[str, float] = {}
        self.peak_pss_mb = 0.0
        self.peak_pss_split = (0.0, 0)  # at the PSS peak: the root's own MB, how many others

    def _sample(self) -> None:
        tree = process_tree(self.root, parents())
        self.seen.update(tree)
        kinds: dict[str, float] = {}
        for pid in tree:
            kind = ROOT if pid == self.root else command_name(pid) or "other"
            kinds[kind] = kinds.get(kind, 0.0) + rss_mb(pid)
        for kind, resident in kinds.items():
            self.peak_by_kind[kind] = max(self.peak_by_kind.get(kind, 0.0), resident)
        self.peak_total_mb = max(self.peak_total_mb, sum(kinds.values()))
        shares = {pid: pss_mb(pid) for pid in tree}
        if sum(shares.values()) > self.peak_pss_mb:
            self.peak_pss_mb = sum(shares.values())
            self.peak_pss_split = (shares.get(self.root, 0.0), len(shares) - 1)

    def figures(self) -> dict[str, Any]:
        """The tree's peak RSS MB (summed) and each kind's peak."""
        return {
            "tree_peak_rss_mb": round(self.peak_total_mb, 1),
            "tree_peak_pss_mb": round(self.peak_pss_mb, 1),
            "tree_peak_pss_root_mb": round(self.peak_pss_split[0], 1),
            "tree_peak_pss_others": self.peak_pss_split[1],
            "peak_rss_mb_by_kind": {
                kind: round(value, 1) for kind, value in sorted(self.peak_by_kind.items())
            },
        }


def adopted(candidates: set[int]) -> list[int]:
    """The `candidates` that are now this process's children (orphans it adopted)."""
    own = os.getpid()
    return [pid for pid, parent in parents().items() if parent == own and pid in candidates]


def reap_orphans(candidates: set[int]) -> tuple[float, float, list[int]]:
    """Wait for the adopted orphans among `candidates`: their CPU seconds, largest max RSS MB, and the
    pids still running after ORPHAN_WAIT_SECONDS."""
    cpu = peak = 0.0
    deadline = time.monotonic() + ORPHAN_WAIT_SECONDS
    waiting = adopted(candidates)
    while waiting and time.monotonic() < deadline:
        for pid in waiting:
            usage = reaped_usage(pid)
            if usage is not None:
                cpu += usage.ru_utime + usage.ru_stime
                peak = max(peak, usage.ru_maxrss * 1024 / MB)
        time.sleep(0.1)
        waiting = adopted(candidates)
    return cpu, peak, waiting


def reaped_usage(pid: int) -> resource.struct_rusage | None:
    """The resource usage of child `pid` if it has ended (reaping it), else None."""
    try:
        done, _, usage = os.wait4(pid, os.WNOHANG)
    except ChildProcessError:
        return None
    return usage if done else None
