"""A one-shot HTTP listener on 127.0.0.1 that receives the OAuth2 redirect (`/callback?code=...&state=...`)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, urlsplit

from lifemetrics.sources.oura.errors import OuraLoginError

CALLBACK_PATH = "/callback"
_PAGE = (
    b"<!doctype html><meta charset=utf-8><title>lifemetrics</title>"
    b"<p>lifemetrics received the Oura authorisation. You can close this tab.</p>"
)


class _CallbackHandler(BaseHTTPRequestHandler):
    """Keeps the query of the first request to /callback; silent (the query holds the code)."""

    server: _CallbackServer

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != CALLBACK_PATH:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(_PAGE)))
        self.end_headers()
        self.wfile.write(_PAGE)
        if not self.server.received.is_set():
            self.server.query = {key: values[0] for key, values in parse_qs(url.query).items()}
            self.server.received.set()

    def log_message(self, format: str, *args: object) -> None:
        """Never log: the request line carries the authorization code."""


class _CallbackServer(HTTPServer):
    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _CallbackHandler)
        self.received = threading.Event()
        self.query: dict[str, str] = {}


class LoopbackListener:
    """Context manager: listens on 127.0.0.1:`port` (0 = a free port) in a daemon thread until closed."""

    def __init__(self, port: int = 0) -> None:
        try:
            self._server = _CallbackServer(port)
        except OSError as exc:
            raise OuraLoginError(
                f"cannot listen on 127.0.0.1:{port} for the Oura redirect: {exc.strerror}"
            ) from None
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="oura-oauth-callback", daemon=True
        )

    @property
    def redirect_uri(self) -> str:
        """The redirect URI to register in the Oura app and send with the authorisation request."""
        return f"http://127.0.0.1:{self._server.server_address[1]}{CALLBACK_PATH}"

    def wait(self, timeout_seconds: float) -> dict[str, str]:
        """The redirect's query parameters; OuraLoginError if none arrived in time."""
        if not self._server.received.wait(timeout_seconds):
            raise OuraLoginError(
                f"no Oura redirect reached {self.redirect_uri} within {timeout_seconds:.0f} s"
            )
        return dict(self._server.query)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
