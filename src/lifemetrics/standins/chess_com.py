"""Local stand-in of the chess.com Published-Data API (127.0.0.1 only) for tests, the demo and benchmarks.

Serves `/pub/player/{user}/games/archives` and `/pub/player/{user}/games/{YYYY}/{MM}` from either
generated players (`{username: {'YYYY-MM': [game, ...]}}`) or a directory of real month files, laid
out like the API (`<dir>/<user>/games/<YYYY>/<MM>.json`) or named like the fixtures
(`<dir>/<user>_<YYYY>-<MM>.json`). Like the real API it sends ETag and Last-Modified, answers 304 to
a matching If-None-Match (or, without one, If-Modified-Since), and 403 to a User-Agent without contact
information. Faults (429 with Retry-After, 5xx, 404, 410, slow or cut responses) are injected per path.

Run it on its own (e.g. for a benchmark in another process): `python -m lifemetrics.standins.chess_com DIR`.
"""

from __future__ import annotations

import hashlib
import re
import sys
import threading
import time
from collections.abc import Mapping
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson

from lifemetrics.standins.server import Fault, Reply, Request, StandInServer

CONTACT_INFO = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+")
ARCHIVES_PATH = re.compile(r"^/pub/player/([^/]+)/games/archives/?$")
MONTH_PATH = re.compile(r"^/pub/player/([^/]+)/games/(\d{4})/(\d{2})/?$")
API_LAYOUT = re.compile(r"^(?P<user>[^/]+)/games/(?P<year>\d{4})/(?P<month>\d{2})\.json$")
FIXTURE_LAYOUT = re.compile(r"^(?P<user>.+)_(?P<year>\d{4})-(?P<month>\d{2})\.json$")


def _error(status: int, message: str) -> Reply:
    return Reply(
        status, orjson.dumps({"code": 0, "message": message}), {"Content-Type": "application/json"}
    )


class _Month:
    """One monthly archive: its games in memory or a file on disk, its bytes and validators cached."""

    def __init__(self, games: list[dict[str, Any]] | None = None, file: Path | None = None) -> None:
        self._games = games
        self._file = file
        self._body: bytes | None = None
        self._etag: str | None = None
        self.last_modified = file.stat().st_mtime if file else time.time()

    def body(self) -> bytes:
        """The response body, serialized once (a file is re-read, so a big directory costs no memory)."""
        if self._games is None and self._file is not None:
            return self._file.read_bytes()
        if self._body is None:
            self._body = orjson.dumps({"games": self._games or []})
        return self._body

    def etag(self) -> str:
        """A strong validator: the content hash (or size and mtime of a file)."""
        if self._etag is None:
            if self._games is None and self._file is not None:
                stat = self._file.stat()
                self._etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
            else:
                self._etag = '"' + hashlib.blake2b(self.body(), digest_size=12).hexdigest() + '"'
        return self._etag

    def add(self, game: dict[str, Any]) -> None:
        """Append a game: new body, new ETag, new Last-Modified."""
        if self._games is None:
            self._games = orjson.loads(self._file.read_bytes())["games"] if self._file else []
        self._games.append(game)
        self._body = self._etag = None
        self.last_modified = time.time()


class ChessComStandIn:
    """The stand-in: a StandInServer answering like api.chess.com/pub; use as a context manager."""

    def __init__(
        self, players: Mapping[str, Mapping[str, list[dict[str, Any]]]] | None = None
    ) -> None:
        self._lock = threading.Lock()
        self._players: dict[str, dict[str, _Month]] = {
            user.lower(): {month: _Month(games=list(games)) for month, games in months.items()}
            for user, months in (players or {}).items()
        }
        self.server = StandInServer(self._handle)

    @classmethod
    def from_directory(cls, directory: Path) -> ChessComStandIn:
        """A stand-in serving the month files under `directory` (either layout, see the module doc)."""
        standin = cls()
        for file in sorted(Path(directory).rglob("*.json")):
            relative = file.relative_to(directory).as_posix()
            match = API_LAYOUT.match(relative) or FIXTURE_LAYOUT.match(relative)
            if match:
                month = f"{match['year']}-{match['month']}"
                standin._players.setdefault(match["user"].lower(), {})[month] = _Month(file=file)
        if not standin._players:
            raise ValueError(f"no month files under {directory}")
        return standin

    @property
    def api_url(self) -> str:
        """What LIFEMETRICS_CHESS_API_URL should be: `http://127.0.0.1:<port>/pub`."""
        return f"{self.server.base_url}/pub"

    @property
    def requests(self) -> list[Request]:
        """Every request received so far, in order."""
        return self.server.requests

    def __enter__(self) -> ChessComStandIn:
        self.server.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.server.stop()

    @staticmethod
    def archives_path(user: str) -> str:
        """Path of a player's archives list."""
        return f"/pub/player/{user.lower()}/games/archives"

    @staticmethod
    def month_path(user: str, month: str) -> str:
        """Path of a player's monthly archive; `month` is 'YYYY-MM'."""
        year, mm = month.split("-")
        return f"/pub/player/{user.lower()}/games/{year}/{mm}"

    def inject_month(self, user: str, month: str, fault: Fault) -> None:
        """Misbehave on the next `fault.times` requests for one month."""
        self.server.inject(self.month_path(user, month), fault)

    def add_game(self, user: str, month: str, game: dict[str, Any]) -> None:
        """Add a game to a month (created if new): the month gets a new ETag and Last-Modified."""
        with self._lock:
            self._players.setdefault(user.lower(), {}).setdefault(month, _Month(games=[])).add(game)

    def set_games(self, user: str, month: str, games: list[dict[str, Any]]) -> None:
        """Serve exactly `games` for a month from now on (games removed, mended or added upstream)."""
        with self._lock:
            self._players.setdefault(user.lower(), {})[month] = _Month(games=list(games))

    def games(self, user: str, month: str) -> list[dict[str, Any]]:
        """The games a month currently serves."""
        return orjson.loads(self._players[user.lower()][month].body())["games"]

    def _handle(self, request: Request) -> Reply:
        """Answer one request like the real API."""
        if not CONTACT_INFO.search(request.headers.get("user-agent", "")):
            return _error(
                403, "Forbidden: add contact information (e-mail or URL) to your User-Agent"
            )
        if match := ARCHIVES_PATH.match(request.path):
            return self._archives(match[1].lower())
        if match := MONTH_PATH.match(request.path):
            return self._month(request, match[1].lower(), f"{match[2]}-{match[3]}")
        return _error(404, f"no such endpoint: {request.path}")

    def _archives(self, user: str) -> Reply:
        months = self._players.get(user)
        if months is None:
            return _error(404, f'User "{user}" not found.')
        urls = [
            f"{self.api_url}/player/{user}/games/{month.replace('-', '/')}"
            for month in sorted(months)
        ]
        headers = {
            "Content-Type": "application/json",
            "Last-Modified": formatdate(time.time(), usegmt=True),
        }
        return Reply(200, orjson.dumps({"archives": urls}), headers)

    def _month(self, request: Request, user: str, month: str) -> Reply:
        with self._lock:
            archive = self._players.get(user, {}).get(month)
            if archive is None:
                return _error(404, f"no archive {month} for {user}")
            etag, last_modified = archive.etag(), archive.last_modified
            validators = {"ETag": etag, "Last-Modified": formatdate(last_modified, usegmt=True)}
            if _not_modified(request.headers, etag, last_modified):
                return Reply(304, b"", validators)
            return Reply(200, archive.body(), {"Content-Type": "application/json", **validators})


def _not_modified(headers: Mapping[str, str], etag: str, last_modified: float) -> bool:
    """RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since (second resolution)."""
    if "if-none-match" in headers:
        return etag in [tag.strip() for tag in headers["if-none-match"].split(",")]
    since = headers.get("if-modified-since")
    if not since:
        return False
    try:
        return int(last_modified) <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError):
        return False


def main(argv: list[str]) -> None:
    """Serve a directory of month files until interrupted, printing the API URL."""
    with ChessComStandIn.from_directory(Path(argv[0])) as standin:
        print(standin.api_url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main(sys.argv[1:])
