"""A tiny HTTP server for API stand-ins: 127.0.0.1 on a free port, a daemon thread, a request log, faults.

A stand-in gives it one function from a request to a reply; the server records every request, counts
how many are in flight at once, and applies injected faults (an error status, a delay, a cut body)
to a given path a given number of times.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    """One request as the stand-in saw it (header names lower-cased)."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Reply:
    """What the stand-in answers."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """A misbehaviour for the next `times` requests to one path: an error status, a delay, a cut body."""

    times: int = 1
    status: int | None = None
    retry_after: str | None = None
    delay_seconds: float = 0.0
    truncate_body: bool = False
    body: bytes = b'{"code":0,"message":"injected fault"}'


Handler = Callable[[Request], Reply]


class StandInServer:
    """ThreadingHTTPServer on 127.0.0.1:0 in a daemon thread; use as a context manager."""

    def __init__(self, handle: Handler) -> None:
        self._handle = handle
        self._lock = threading.Lock()
        self._faults: dict[str, list[Fault]] = {}
        self._in_flight = 0
        self.max_in_flight = 0
        self.requests: list[Request] = []
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler_class(self))
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="stand-in", daemon=True
        )

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>`."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> StandInServer:
        """Start serving in the background."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> StandInServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def inject(self, path: str, fault: Fault) -> None:
        """Apply `fault` to the next `fault.times` requests for `path` (after any fault already queued)."""
        with self._lock:
            self._faults.setdefault(path, []).append(fault)

    def clear_log(self) -> None:
        """Forget the requests seen so far (and the in-flight high-water mark)."""
        with self._lock:
            self.requests.clear()
            self.max_in_flight = self._in_flight

    def serve(self, request: Request) -> Reply:
        """Log the request, then answer it: through a queued fault if one applies, else the stand-in."""
        with self._lock:
            self.requests.append(request)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            fault = self._take_fault(request.path)
        try:
            return self._answer(request, fault)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _take_fault(self, path: str) -> Fault | None:
        queue = self._faults.get(path)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        return fault

    def _answer(self, request: Request, fault: Fault | None) -> Reply:
        if fault is None:
            return self._handle(request)
        time.sleep(fault.delay_seconds)
        if fault.status is not None:
            headers = {"Content-Type": "application/json"}
            if fault.retry_after is not None:
                headers["Retry-After"] = fault.retry_after
            return Reply(fault.status, fault.body, headers)
        reply = self._handle(request)
        if fault.truncate_body:
            reply.body = reply.body[: max(1, len(reply.body) // 2)]
        return reply


class _QuietServer(ThreadingHTTPServer):
    """Daemon handler threads; a client that hung up (e.g. after its timeout) is not an error."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler_class(server: StandInServer) -> type[BaseHTTPRequestHandler]:
    """A request handler bound to `server` (HTTP/1.1 keep-alive, quiet)."""

    class StandInHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # header and body are two writes: no 40 ms delayed-ACK stall

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            self._serve()

        def do_POST(self) -> None:  # noqa: N802
            self._serve()

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            headers = {name.lower(): value for name, value in self.headers.items()}
            reply = server.serve(Request(self.command, parts.path, parts.query, headers, body))
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.body and self.command != "HEAD":
                self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Silent: the request log is the record."""

    return StandInHandler
