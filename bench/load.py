"""What else the machine did while a phase ran: load average at start and end, other processes' CPU,
and how fast the machine itself was.

A shared machine must not pass for a slow program: every phase records the load average when it started
and ended, and the CPU seconds every process on the machine spent meanwhile (`/proc/stat`) minus the
benchmark's own (the phase's process, the stand-ins' process and the benchmark's parent). A virtual
machine can also be slowed by its host's other guests, which no figure inside it shows: each phase
starts by timing a fixed piece of CPU work (`speed_probe`), so runs of the same code on a slower host
say so.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
# /proc/stat's cpu line: user nice system idle iowait irq softirq steal; idle and iowait are not work.
_BUSY_FIELDS = (0, 1, 2, 5, 6, 7)


def machine_busy_s() -> float | None:
    """CPU seconds all processes of the machine have spent since boot (None without /proc)."""
    try:
        first = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    fields = [int(value) for value in first[1:9]]
    return sum(fields[index] for index in _BUSY_FIELDS) / TICKS_PER_SECOND


def process_cpu_s(pid: int) -> float | None:
    """CPU seconds process `pid` and its waited-for children have spent (None once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Fields after the command name (which may hold spaces): utime is the 14th field, cstime the 17th.
    fields = stat.rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / TICKS_PER_SECOND


def speed_probe() -> float:
    """Seconds this process takes for a fixed piece of CPU work (hashing and a Python loop, about 0.2 s
    on the build machine): the same on the same machine, higher when the host is slower."""
    started = time.perf_counter()
    digest = hashlib.sha256()
    block = bytes(range(256)) * 4096
    for _ in range(32):
        digest.update(block)
    total = 0
    for number in range(1_000_000):
        total += number % 7
    return round(time.perf_counter() - started, 3)


@dataclass
class LoadWindow:
    """The machine's state when a phase starts; `close` turns it into what the phase shared the machine with."""

    load_start: tuple[float, ...]
    busy_start: float | None
    own_start: float
    helper_start: dict[int, float | None]
    wall_start: float
    probe_s: float

    @classmethod
    def open(cls, helper_pids: tuple[int, ...] = ()) -> LoadWindow:
        """Start watching; `helper_pids` are the benchmark's own long-lived processes (the stand-ins)."""
        probe = speed_probe()
        return cls(
            probe_s=probe,
            load_start=os.getloadavg(),
            busy_start=machine_busy_s(),
            own_start=time.process_time(),
            helper_start={pid: process_cpu_s(pid) for pid in helper_pids},
            wall_start=time.perf_counter(),
        )

    def close(self, phase_cpu_s: float) -> dict[str, Any]:
        """Load at start and end, and other processes' CPU seconds (and cores) over the window."""
        wall = max(time.perf_counter() - self.wall_start, 1e-9)
        busy_end = machine_busy_s()
        result: dict[str, Any] = {
            "load_start": [round(value, 2) for value in self.load_start],
            "load_end": [round(value, 2) for value in os.getloadavg()],
            "other_cpu_s": None,
            "other_cores": None,
            "speed_probe_s": self.probe_s,
        }
        if self.busy_start is None or busy_end is None:
            return result
        own = phase_cpu_s + time.process_time() - self.own_start
        for pid, started in self.helper_start.items():
            ended = process_cpu_s(pid)
            if started is not None and ended is not None:
                own += ended - started
        other = max(busy_end - self.busy_start - own, 0.0)
        result["other_cpu_s"] = round(other, 2)
        result["other_cores"] = round(other / wall, 2)
        return result


def shown(load: dict[str, Any] | None) -> str:
    """'load 0.42 -> 0.80, others 1.3 CPU s (0.10 cores)': how busy the machine was, for every figure."""
    if not load:
        return "load not recorded"
    text = f"load {load['load_start'][0]:.2f} -> {load['load_end'][0]:.2f}"
    if load.get("other_cpu_s") is not None:
        text += f", others {load['other_cpu_s']:.1f} CPU s ({load['other_cores']:.2f} cores)"
    if load.get("speed_probe_s") is not None:
        text += f", speed probe {load['speed_probe_s']:.3f} s"
    return text
