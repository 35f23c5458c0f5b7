"""The bench's load accounting reads /proc: a real busy process shows up as other processes' CPU, unless it is
named as one of the benchmark's own (the stand-ins' process), and the text says how busy the machine was."""

from __future__ import annotations

import subprocess
import sys

from bench.load import LoadWindow, process_cpu_s, shown

# A child that burns one second of CPU (not of wall time: the machine may be shared) and then waits on stdin.
BURN = (
    "import sys, time\n"
    "while time.process_time() < 1.0: pass\n"
    "print('done', flush=True)\n"
    "sys.stdin.read()\n"
)


def test_a_busy_process_is_counted_as_others_unless_it_is_the_benchmarks_own() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", BURN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        before = process_cpu_s(child.pid)
        seen_by_all = LoadWindow.open()
        own_excluded = LoadWindow.open((child.pid,))
        assert child.stdout.readline() == "done\n"
        burned = (
            process_cpu_s(child.pid) - before
        )  # what it spent while the windows were open, at most
        everyone, others = seen_by_all.close(0.0), own_excluded.close(0.0)
    finally:
        child.communicate("")
    assert burned >= 0.5
    assert everyone["other_cpu_s"] >= 0.8 * burned
    # Both windows saw the same machine; the one that names the child as the benchmark's leaves it out.
    assert everyone["other_cpu_s"] - others["other_cpu_s"] >= 0.8 * burned
    assert others["other_cores"] >= 0 and len(everyone["load_start"]) == 3
    assert shown(everyone).startswith("load ") and "CPU s" in shown(everyone)


def test_a_process_gone_has_no_cpu_and_no_record_says_so() -> None:
    assert process_cpu_s(2**22 + 1) is None  # above Linux's largest pid
    assert shown(None) == "load not recorded"


def test_the_speed_probe_times_a_fixed_piece_of_work_in_every_window():
    from bench.load import LoadWindow, speed_probe

    probe = speed_probe()
    assert 0 < probe < 30
    assert LoadWindow.open().close(0.0)["speed_probe_s"] > 0
