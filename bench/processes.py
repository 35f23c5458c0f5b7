"""Child processes of the benchmark: the stand-ins' server, and one fresh process per measured phase."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from bench.load import LoadWindow
from bench.services import ServiceWatch
from bench.tree import ProcessTreeWatch, become_subreaper, reap_orphans

REPO_ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def child_env() -> dict[str, str]:
    """The environment of every child: `bench` importable, no config file, no dlt telemetry."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("LIFEMETRICS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["LIFEMETRICS_CONFIG"] = os.devnull
    env["RUNTIME__DLTHUB_TELEMETRY"] = "false"
    return env


class StandinProcess:
    """`python -m bench.serve` as a context manager: its announcement, and commands over stdin."""

    def __init__(self, config: dict[str, Any], work_dir: Path) -> None:
        self.config_path = work_dir / "standins.json"
        self.config_path.write_text(json.dumps(config))
        self.log_path = work_dir / "standins.log"
        self.hello: dict[str, Any] = {}
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> StandinProcess:
        log = self.log_path.open("w")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bench.serve", str(self.config_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=child_env(),
            cwd=REPO_ROOT,
        )
        line = self._process.stdout.readline()
        if not line:
            self._process.wait()
            raise RuntimeError(
                f"the stand-ins did not start; see {self.log_path}:\n{self.log_path.read_text()[-2000:]}"
            )
        self.hello = json.loads(line)
        return self

    @property
    def pid(self) -> int:
        """The stand-ins' process id (its CPU is the benchmark's own, not other processes')."""
        assert self._process is not None
        return self._process.pid

    def command(self, **command: Any) -> dict[str, Any]:
        """Send one command, return its answer."""
        assert self._process is not None
        self._process.stdin.write(json.dumps(command) + "\n")
        self._process.stdin.flush()
        return json.loads(self._process.stdout.readline())

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._process is None:
            return
        try:
            self._process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
            self._process.stdin.close()
            self._process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()


def phase_argv(config: dict[str, Any], config_path: Path, result_path: Path) -> list[str]:
    """The phase's command line: the venv's `lifemetrics` script for a `command` phase (as a user runs it),
    else `bench.phase`."""
    if config["kind"] == "command":
        return [str(Path(sys.executable).parent / "lifemetrics"), *config["args"]]
    return [sys.executable, "-m", "bench.phase", str(config_path), str(result_path)]


def phase_env(config: dict[str, Any]) -> dict[str, str]:
    """The child's environment; a `command` phase takes its settings as LIFEMETRICS_* variables."""
    env = child_env()
    for name, value in config.get("env", {}).items():
        env[name] = value
    return env


def run_phase(
    config: dict[str, Any],
    work_dir: Path,
    name: str,
    helper_pids: tuple[int, ...] = (),
    services: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Run one phase in a fresh process; its stages, the process's own cost, and the machine's load
    meanwhile (`helper_pids`: the benchmark's other processes, whose CPU is not "others"; `services`:
    the lakehouse's, by name, whose memory and CPU the phase's result holds besides its own)."""
    slug = name.replace(" ", "_").replace(",", "")
    config_path, result_path, log_path = (
        work_dir / f"{slug}.{suffix}" for suffix in ("config.json", "result.json", "log")
    )
    config_path.write_text(json.dumps(config))
    result_path.unlink(missing_ok=True)
    become_subreaper()
    window = LoadWindow.open(helper_pids)
    watch = ServiceWatch(services or {})
    started = time.perf_counter()
    with log_path.open("w") as log, watch:
        process = subprocess.Popen(
            phase_argv(config, config_path, result_path),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=phase_env(config),
            cwd=REPO_ROOT,
        )
        with ProcessTreeWatch(process.pid) as tree:
            _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started  # the command's own: orphans may linger after it
        process.returncode = os.waitstatus_to_exitcode(status)
        orphan_cpu, orphan_rss, left = reap_orphans(tree.seen - {process.pid})
    cpu = usage.ru_utime + usage.ru_stime + orphan_cpu
    load = window.close(cpu + watch.cpu_s())
    if result_path.exists():
        result = json.loads(result_path.read_text())
    elif config["kind"] == "command":
        result = {"kind": "command", "stages": [], "error": None, "missing_hooks": []}
    else:
        result = {"stages": [], "error": "no result"}
    result["process"] = {
        "wall_s": round(wall, 4),
        "cpu_s": round(cpu, 4),
        "max_rss_mb": round(max(usage.ru_maxrss * 1024 / MB, orphan_rss), 1),
        **tree.figures(),
        "orphans_cpu_s": round(orphan_cpu, 4),
        "orphans_left": left,
        "exit_code": process.returncode,
    }
    result["load"] = load
    if services:
        result["services"] = watch.result()
    if process.returncode != 0:
        result["log_tail"] = log_path.read_text()[-3000:]
        result["error"] = result.get("error") or f"exit code {process.returncode}"
    return result
