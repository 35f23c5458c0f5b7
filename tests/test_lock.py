"""The run lock: one run per LIFEMETRICS_HOME, the holder named, never stuck after its holder is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lifemetrics.orchestration.lock import RunLocked, lock_path, run_lock
from lifemetrics.settings import load_settings

HOLDER = textwrap.dedent(
    """
    import sys, time
    from lifemetrics.orchestration.lock import run_lock
    from lifemetrics.settings import load_settings
    with run_lock(load_settings()):
        print("held", flush=True)
        time.sleep(600)
    """
)


@pytest.fixture
def holder() -> subprocess.Popen[str]:
    """Another process holding the lock of this test's home until it is killed."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait()


def test_second_holder_is_refused_at_once_naming_the_pid(holder: subprocess.Popen[str]) -> None:
    settings = load_settings()
    with pytest.raises(RunLocked) as refused, run_lock(settings):
        pytest.fail("the lock was taken twice")
    assert f"pid {holder.pid}" in str(refused.value)
    assert str(settings.home) in str(refused.value)


def test_lock_held_by_a_killed_process_is_free_again(holder: subprocess.Popen[str]) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    settings = load_settings()
    with run_lock(settings):
        assert lock_path(settings).read_text().strip() == str(os.getpid())


def test_lock_is_released_after_the_block_and_after_an_error(isolated_env: Path) -> None:
    settings = load_settings()
    with pytest.raises(ValueError), run_lock(settings):
        raise ValueError("boom")
    with run_lock(settings):
        pass


def test_waiting_holder_gets_the_lock_when_the_other_ends(holder: subprocess.Popen[str]) -> None:
    settings = load_settings()
    with pytest.raises(RunLocked), run_lock(settings, wait_seconds=0.6):
        pytest.fail("the lock was taken while held")
    holder.kill()
    holder.wait()
    with run_lock(settings, wait_seconds=30):
        pass


BRIEF_HOLDER = textwrap.dedent(
    """
    import sys, time
    from lifemetrics.orchestration.lock import run_lock
    from lifemetrics.settings import load_settings
    with run_lock(load_settings(), brief=True):
        print("held", flush=True)
        time.sleep(float(sys.argv[1]))
    """
)


def test_a_command_waits_for_a_brief_holder_instead_of_failing(isolated_env: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", BRIEF_HOLDER, "1.5"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        asked = time.monotonic()
        with run_lock(load_settings()):
            assert time.monotonic() - asked > 1.0  # taken once the brief holder let it go
    finally:
        process.kill()
        process.wait()
