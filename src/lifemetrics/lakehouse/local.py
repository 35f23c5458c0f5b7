"""The local lakehouse: SeaweedFS (S3), PostgreSQL (the Iceberg JDBC catalog) and Trino, each listening on
127.0.0.1 only, with their data under LIFEMETRICS_HOME/lakehouse. `up` starts whatever is not running
and waits until each answers; `down` stops them; `services.json` there records their ports and process
ids, and `secrets.json` (owner-only) the passwords `up` generated for the store and the catalog."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import requests

from lifemetrics.home import private_home
from lifemetrics.lakehouse.errors import LakehouseError
from lifemetrics.lakehouse.tools import Tools, find_tools
from lifemetrics.lakehouse.trino_config import write_trino_config
from lifemetrics.net import accepts_connections, free_port
from lifemetrics.settings import Settings

BUCKET = "lake"
CATALOG_USER = "lifemetrics"
CATALOG_DATABASE = "postgres"
SERVICES = ("catalog", "object_store", "trino")
STORAGE_SERVICES = (
    "catalog",
    "object_store",
)  # what Spark needs: it runs in lifemetrics' own process
READY_TIMEOUT_SECONDS = {"catalog": 60, "object_store": 60, "trino": 240}
STOP_TIMEOUT_SECONDS = 30
# SeaweedFS's `weed mini` opens one port per component: all are chosen free, never its defaults.
WEED_PORTS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port.grpc",
    "s3.port.iceberg",
    "s3.port.lance",
    "admin.port",
    "admin.port.grpc",
    "webdav.port",
)


@dataclass
class LocalState:
    """The ports and process ids of the running local services, and the generated secrets."""

    ports: dict[str, int] = field(default_factory=dict)
    pids: dict[str, int] = field(default_factory=dict)
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    catalog_password: str = ""


@dataclass(frozen=True)
class LocalLakehouse:
    """The local services of one LIFEMETRICS_HOME."""

    root: Path

    @classmethod
    def for_settings(cls, settings: Settings) -> LocalLakehouse:
        return cls(settings.lakehouse_dir)

    @property
    def state_file(self) -> Path:
        return self.root / "services.json"

    @property
    def secrets_file(self) -> Path:
        return self.root / "secrets.json"

    def read_state(self) -> LocalState:
        """The recorded state (empty before the first `up`)."""
        try:
            public = json.loads(self.state_file.read_text())
            private = json.loads(self.secrets_file.read_text())
        except (OSError, ValueError):
            return LocalState()
        return LocalState(**public, **private)

    def write_state(self, state: LocalState) -> None:
        """Record `state`: ports and pids in services.json, secrets in the owner-only secrets.json."""
        values = asdict(state)
        public = {name: values.pop(name) for name in ("ports", "pids")}
        _write_replacing(self.secrets_file, json.dumps(values))
        _write_replacing(self.state_file, json.dumps(public, indent=2))

    def running(self) -> dict[str, bool]:
        """Whether each service's recorded process is alive (and is still ours)."""
        state = self.read_state()
        return {name: self._alive(state.pids.get(name)) for name in SERVICES}

    def _alive(self, pid: int | None) -> bool:
        if not pid:
            return False
        try:
            command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return False
        return str(self.root).encode() in command_line

    def up(
        self,
        progress: Callable[[str], None] = lambda step: None,
        services: tuple[str, ...] = SERVICES,
    ) -> LocalState:
        """Start each of `services` not running yet and wait until each answers; LakehouseError if one
        cannot start (its log file named)."""
        private_home(self.root.parent)
        self.root.mkdir(mode=0o700, exist_ok=True)
        tools = find_tools()
        state = self.read_state()
        if not state.catalog_password:
            state.s3_access_key_id = "lifemetrics"
            state.s3_secret_access_key = secrets.token_urlsafe(24)
            state.catalog_password = secrets.token_urlsafe(24)
        starters = {
            "catalog": self._start_catalog,
            "object_store": self._start_object_store,
            "trino": self._start_trino,
        }
        for name in services:
            if self._alive(state.pids.get(name)):
                continue
            progress(f"starting {name.replace('_', ' ')}")
            starters[name](tools, state)
            self.write_state(state)
        for name in services:
            progress(f"waiting for {name.replace('_', ' ')}")
            self._wait_ready(name, state)
        return state

    def down(self) -> list[str]:
        """Stop every running service (Trino first, the catalog last); the names of those stopped."""
        state = self.read_state()
        stopped = []
        for name in reversed(SERVICES):
            pid = state.pids.get(name)
            if self._alive(pid):
                _stop(pid, signal.SIGINT if name == "catalog" else signal.SIGTERM)
                stopped.append(name)
            state.pids.pop(name, None)
        if self.state_file.exists():
            self.write_state(state)
        return stopped

    def _log(self, name: str) -> Path:
        return self.root / f"{name}.log"

    def _spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> int:
        """Start `command` in a session of its own (it outlives this process), output to its log."""
        with self._log(name).open("ab") as log:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, **(env or {})},
            )
        return process.pid

    def _start_catalog(self, tools: Tools, state: LocalState) -> None:
        data = self.root / "catalog"
        if not (data / "PG_VERSION").exists():
            password_file = self.root / "catalog-password.tmp"
            _write_replacing(password_file, state.catalog_password)
            try:
                result = subprocess.run(
                    [
                        *tools.as_unprivileged(),
                        str(tools.initdb),
                        "-D",
                        str(data),
                        "-U",
                        CATALOG_USER,
                        "--auth=scram-sha-256",
                        f"--pwfile={password_file}",
                        "--encoding=UTF8",
                        "--no-sync",
                    ],
                    capture_output=True,
                    text=True,
                )
            finally:
                password_file.unlink(missing_ok=True)
            if result.returncode != 0:
                raise LakehouseError(f"initdb failed in {data}: {result.stderr.strip()[-300:]}")
        port = state.ports["catalog"] = free_port()
        state.pids["catalog"] = self._spawn(
            "catalog",
            [
                *tools.as_unprivileged(),
                str(tools.postgres),
                "-D",
                str(data),
                "-p",
                str(port),
                "-h",
                "127.0.0.1",
                "-k",
                str(self.root),
            ],
        )

    def _start_object_store(self, tools: Tools, state: LocalState) -> None:
        data = self.root / "s3"
        data.mkdir(exist_ok=True)
        port = state.ports["object_store"] = free_port()
        others = [f"-{option}={free_port()}" for option in WEED_PORTS]
        state.pids["object_store"] = self._spawn(
            "object_store",
            [
                str(tools.weed),
                "mini",
                f"-dir={data}",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                f"-bucket={BUCKET}",
                f"-s3.port={port}",
                "-admin.ui=false",
                *others,
            ],
            {
                "AWS_ACCESS_KEY_ID": state.s3_access_key_id,
                "AWS_SECRET_ACCESS_KEY": state.s3_secret_access_key,
            },
        )

    def _start_trino(self, tools: Tools, state: LocalState) -> None:
        port = state.ports["trino"] = free_port()
        etc = write_trino_config(self.root / "trino", port, local_connection(self.root, state))
        state.pids["trino"] = self._spawn(
            "trino",
            [
                str(tools.trino_launcher),
                "run",
                f"--etc-dir={etc}",
                f"--data-dir={self.root / 'trino' / 'data'}",
            ],
            {
                "JAVA_HOME": str(tools.java_home),
                "PATH": f"{tools.java_home}/bin:{os.environ['PATH']}",
            },
        )

    def _wait_ready(self, name: str, state: LocalState) -> None:
        """Poll until `name` answers; LakehouseError when its process exits or the time is up."""
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS[name]
        check = {"catalog": _catalog_ready, "object_store": _store_ready, "trino": _trino_ready}[
            name
        ]
        while time.monotonic() < deadline:
            if not self._alive(state.pids.get(name)):
                raise LakehouseError(f"the lakehouse's {name} exited; see {self._log(name)}")
            if check(state):
                return
            time.sleep(0.5)
        raise LakehouseError(
            f"the lakehouse's {name} did not answer within {READY_TIMEOUT_SECONDS[name]} s; "
            f"see {self._log(name)}"
        )


def services_for(engine: str) -> tuple[str, ...]:
    """The local services engine `engine` uses: Trino's server only for engine trino."""
    return SERVICES if engine == "trino" else STORAGE_SERVICES


def local_connection(root: Path, state: LocalState) -> dict[str, str]:
    """What clients need to reach the local services (secrets included: never print it)."""
    return {
        "trino_url": f"http://127.0.0.1:{state.ports.get('trino', 0)}",
        "s3_endpoint": f"http://127.0.0.1:{state.ports.get('object_store', 0)}",
        "s3_access_key_id": state.s3_access_key_id,
        "s3_secret_access_key": state.s3_secret_access_key,
        "catalog_uri": (
            f"postgresql://{CATALOG_USER}:{state.catalog_password}"
            f"@127.0.0.1:{state.ports.get('catalog', 0)}/{CATALOG_DATABASE}"
        ),
        "warehouse": f"s3://{BUCKET}/warehouse",
    }


def _catalog_ready(state: LocalState) -> bool:
    return accepts_connections(state.ports["catalog"])


def _store_ready(state: LocalState) -> bool:
    port = state.ports["object_store"]
    if not accepts_connections(port):
        return False
    try:
        # an anonymous request: SeaweedFS answers 403 once its S3 gateway serves, 5xx while it starts
        return requests.get(f"http://127.0.0.1:{port}/{BUCKET}", timeout=5).status_code < 500
    except requests.RequestException:
        return False


def _trino_ready(state: LocalState) -> bool:
    try:
        info = requests.get(f"http://127.0.0.1:{state.ports['trino']}/v1/info", timeout=5)
        return info.ok and not info.json().get("starting", True)
    except (requests.RequestException, ValueError):
        return False


def _stop(pid: int, stop_signal: signal.Signals) -> None:
    """Signal `pid`'s process group and wait for it to end (killed after STOP_TIMEOUT_SECONDS)."""
    try:
        os.killpg(pid, stop_signal)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists() or _is_zombie(pid):
            return
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True


def _write_replacing(path: Path, text: str) -> None:
    """Write `path` owner-only, replacing it atomically."""
    staged = path.with_name(f"{path.name}.tmp")
    staged.touch(mode=0o600, exist_ok=True)
    staged.chmod(0o600)
    staged.write_text(text)
    os.replace(staged, path)
