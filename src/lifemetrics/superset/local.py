"""A local Superset for the bundle: its metadata (SQLite) and config under `$LIFEMETRICS_HOME/superset`,
driven through the `superset` command of its own environment (Superset is never imported here)."""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from lifemetrics.net import free_port
from lifemetrics.superset.errors import SupersetError

ADMIN = "admin"
CONFIG = '''"""Superset settings written by lifemetrics: metadata in SQLite beside this file."""
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECRET_KEY = (HERE / "secret_key").read_text().strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{HERE / 'superset.db'}"
# duckdb-engine URIs are refused unless this is off; the bundle opens analytics.duckdb read-only
PREVENT_UNSAFE_DB_CONNECTIONS = False
'''
READY_TIMEOUT_SECONDS = 180


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner may read (the secret key, the admin password)."""
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text)


@dataclass(frozen=True)
class LocalSuperset:
    """A Superset whose files live in `home` and whose commands are those beside `superset_bin`."""

    home: Path
    superset_bin: Path

    @property
    def password_file(self) -> Path:
        return self.home / "admin_password"

    @property
    def admin_password(self) -> str:
        return self.password_file.read_text().strip()

    def environment(self) -> dict[str, str]:
        """The environment every Superset command runs with."""
        return os.environ | {
            "SUPERSET_CONFIG_PATH": str(self.home / "superset_config.py"),
            "FLASK_APP": "superset",
            "SUPERSET_HOME": str(self.home),
        }

    def run(self, *arguments: str) -> str:
        """Run one `superset` command; its output, or a one-line error naming the command."""
        if not self.superset_bin.exists():
            raise SupersetError(
                f"{self.superset_bin} does not exist: `make superset-env` creates Superset's venv"
            )
        done = subprocess.run(
            [str(self.superset_bin), *arguments],
            env=self.environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            last = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
            raise SupersetError(f"superset {arguments[0]} failed (exit {done.returncode}): {last}")
        return done.stdout + done.stderr

    def prepare(self, progress: Callable[[str], None] = lambda step: None) -> None:
        """Config, metadata database, admin user and roles, once per home."""
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "superset_config.py").write_text(CONFIG)
        if not (self.home / "secret_key").exists():
            _write_private(self.home / "secret_key", secrets.token_urlsafe(42))
        marker = self.home / "initialised"
        if marker.exists():
            return
        if not self.password_file.exists():
            _write_private(self.password_file, secrets.token_urlsafe(16))
        progress("metadata database")
        self.run("db", "upgrade")
        progress("admin user")
        self.run(
            "fab",
            "create-admin",
            "--username",
            ADMIN,
            "--firstname",
            "lifemetrics",
            "--lastname",
            "admin",
            "--email",
            "admin@localhost",
            "--password",
            self.admin_password,
        )
        progress("roles and permissions")
        self.run("init")
        marker.write_text("ok\n")

    def import_bundle(self, bundle: Path) -> str:
        """Import (or re-import: same UUIDs replace the assets) a dashboards bundle."""
        return self.run("import-dashboards", "-p", str(bundle), "-u", ADMIN)

    @contextmanager
    def serve(self, port: int = 0) -> Iterator[str]:
        """Superset's web server on 127.0.0.1 (a free port when 0) until the block ends; yields its URL."""
        port = port or free_port()
        log = (self.home / "server.log").open("w")
        server = subprocess.Popen(
            [
                str(self.superset_bin.parent / "gunicorn"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "8",
                "--worker-class",
                "gthread",
                "--timeout",
                "120",
                "superset.app:create_app()",
            ],
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(url, server, self.home / "server.log")
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Poll /health until Superset answers, the server exits, or the time is up."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SupersetError(f"Superset's server exited ({server.returncode}); see {log}")
        try:
            if requests.get(f"{url}/health", timeout=30).ok:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(1)
    raise SupersetError(
        f"Superset did not answer at {url} within {READY_TIMEOUT_SECONDS} s; see {log}"
    )
