"""Serve the built site on 127.0.0.1 (the pages also open straight from disk; this is for phones and habits)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lifemetrics.dashboards.errors import DashboardError

HOST = "127.0.0.1"


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the CLI prints the address once."""


def make_server(site_dir: Path, port: int = 0) -> ThreadingHTTPServer:
    """An HTTP server for `site_dir` bound to 127.0.0.1 (port 0: any free port)."""
    handler = partial(_QuietHandler, directory=str(site_dir))
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        raise DashboardError(
            f"cannot serve on {HOST}:{port}: {exc.strerror}; try another --port"
        ) from None
    server.daemon_threads = True
    return server


def site_url(server: ThreadingHTTPServer) -> str:
    """The index page's address."""
    return f"http://{HOST}:{server.server_address[1]}/index.html"


@contextmanager
def serving(site_dir: Path, port: int = 0) -> Iterator[str]:
    """Serve the site in a background thread for the duration of the block; yields the index URL."""
    server = make_server(site_dir, port)
    thread = threading.Thread(
        target=server.serve_forever, name="lifemetrics-dashboard", daemon=True
    )
    thread.start()
    try:
        yield site_url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
