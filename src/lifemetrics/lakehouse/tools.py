"""Where the lakehouse's programs are: Trino's server (unpacked by `make lakehouse`), its JDK,
SeaweedFS's `weed` (from the lakehouse environment) and PostgreSQL's server binaries."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from lifemetrics.lakehouse.errors import LakehouseError

TOOLS_ENV = (
    "LIFEMETRICS_LAKEHOUSE_TOOLS"  # the directory `make lakehouse` fills (default: .lakehouse)
)
JAVA_HOME_ENV = "LIFEMETRICS_TRINO_JAVA_HOME"
DEFAULT_JAVA_HOME = Path("/usr/lib/jvm/temurin-25-jdk-amd64")
CHECKOUT = Path(__file__).resolve().parents[3]
# PostgreSQL refuses to run as root: as root, it runs in a user namespace mapping root to an ordinary
# user, so its files stay root's on disk and LIFEMETRICS_HOME stays private.
UNPRIVILEGED = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
# Debian's postgresql keeps its server binaries off PATH, one directory per major version.
DEBIAN_POSTGRESQL = Path("/usr/lib/postgresql")
POSTGRESQL = "PostgreSQL's server (Debian's postgresql)"


@dataclass(frozen=True)
class Tools:
    """The programs the local lakehouse runs."""

    trino_home: Path
    java_home: Path
    weed: Path
    postgres: Path
    initdb: Path

    @property
    def trino_launcher(self) -> Path:
        return self.trino_home / "bin" / "launcher"

    def as_unprivileged(self) -> list[str]:
        """The prefix that runs PostgreSQL as a non-root user (none when not root)."""
        return UNPRIVILEGED if os.geteuid() == 0 else []


def tools_dir() -> Path:
    """The directory `make lakehouse` fills: Trino's server, Spark's jars."""
    return Path(os.environ.get(TOOLS_ENV) or CHECKOUT / ".lakehouse")


def find_tools() -> Tools:
    """The installed tools; LakehouseError naming the first one missing and how to install it."""
    folder = tools_dir()
    servers = sorted(folder.glob("trino-server-*/bin/launcher"))
    if not servers:
        raise LakehouseError(f"no Trino server in {folder}: run `make lakehouse`")
    java_home = Path(os.environ.get(JAVA_HOME_ENV) or DEFAULT_JAVA_HOME)
    if not (java_home / "bin" / "java").exists():
        raise LakehouseError(f"Trino needs a JDK 25: none at {java_home} (set {JAVA_HOME_ENV})")
    return Tools(
        trino_home=servers[-1].parent.parent,
        java_home=java_home,
        weed=_program("weed", "the lakehouse environment: `make lakehouse`"),
        postgres=_program("postgres", POSTGRESQL, _debian_postgresql("postgres")),
        initdb=_program("initdb", POSTGRESQL, _debian_postgresql("initdb")),
    )


def _debian_postgresql(name: str) -> Path | None:
    """`name` in the newest PostgreSQL version Debian installed, if any."""
    found = sorted(
        DEBIAN_POSTGRESQL.glob(f"*/bin/{name}"),
        key=lambda path: int("0" + "".join(filter(str.isdigit, path.parts[-3]))),
    )
    return found[-1] if found else None


def _program(name: str, install: str, fallback: Path | None = None) -> Path:
    """`name` beside this Python (a venv's bin), else on PATH, else `fallback`; LakehouseError saying
    what installs it."""
    beside = Path(sys.executable).parent / name
    found = beside if beside.exists() else shutil.which(name) or fallback
    if not found:
        raise LakehouseError(f"`{name}` not found: it comes with {install}")
    return Path(found)
