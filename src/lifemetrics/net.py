"""Local ports: what lifemetrics' own servers (Superset, the lakehouse's services) listen on."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port the OS says is free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def accepts_connections(port: int) -> bool:
    """True when something listens on 127.0.0.1:`port`."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False
