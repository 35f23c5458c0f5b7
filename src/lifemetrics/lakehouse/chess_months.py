"""chess.com's monthly archives kept as the API returned them, in the lakehouse's object store at
`raw/chess_com/<player>/<YYYY>/<MM>.json`: what the Spark chess job reads. Requests go one at a time
through the source's own client (chess.com answers parallel ones with 429). A month is requested when
it is not stored yet, or may still have changed (the current and previous month, or one stored before
it settled: `archives.months_to_request`, each file's time in the store being when it was fetched)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pyarrow import fs

from lifemetrics.lakehouse.connection import lakehouse_connection
from lifemetrics.lakehouse.errors import LakehouseError
from lifemetrics.lakehouse.object_store import ObjectStore, object_store
from lifemetrics.progress import Progress, Tick
from lifemetrics.settings import Settings
from lifemetrics.sources.chess_com.archive_run import SOURCE, utc_now
from lifemetrics.sources.chess_com.archives import months_to_request, parse_archive_list
from lifemetrics.sources.chess_com.client import ChessComClient
from lifemetrics.sources.chess_com.errors import (
    ArchiveNotFound,
    FetchFailed,
    MalformedArchive,
)
from lifemetrics.sources.chess_com.games_table import parse_month_games
from lifemetrics.sources.http import policy_from_settings
from lifemetrics.sources.report import IngestReport, UnitResult, UnitStatus

RAW_PREFIX = "raw/chess_com"


@dataclass(frozen=True)
class MonthFile:
    """One stored month: whose, which ('YYYY-MM'), where in the store, and when it was written."""

    player: str
    month: str
    path: str
    stored_at: datetime


def month_key(player: str, month: str) -> str:
    """The object key of `player`'s month 'YYYY-MM'."""
    year, mm = month.split("-")
    return f"{RAW_PREFIX}/{player}/{year}/{mm}.json"


def month_files(store: ObjectStore, player: str | None = None) -> list[MonthFile]:
    """The month files in the store (of `player` only when given), oldest month first."""
    folder = store.path(f"{RAW_PREFIX}/{player}" if player else RAW_PREFIX)
    selector = fs.FileSelector(folder, recursive=True, allow_not_found=True)
    try:
        listed = store.filesystem().get_file_info(selector)
    except OSError as exc:
        raise LakehouseError(
            f"listing s3://{folder} failed (is the lakehouse up? `lifemetrics lakehouse up`): {exc}"
        ) from None
    files = []
    for info in listed:
        parts = info.path.removeprefix(store.path(RAW_PREFIX) + "/").split("/")
        if info.is_file and len(parts) == 3 and parts[2].endswith(".json"):
            month = f"{parts[1]}-{parts[2].removesuffix('.json')}"
            files.append(MonthFile(parts[0], month, info.path, info.mtime))
    return sorted(files, key=lambda file: (file.player, file.month))


def store_chess_months(
    settings: Settings, progress: Progress | None = None, now: datetime | None = None
) -> IngestReport:
    """Store each tracked player's new or changed months; raise RunStopped (403/410) after storing the
    months already fetched. Failed and missing months are in the report."""
    client = ChessComClient(
        settings.chess_api_url, settings.contact, policy_from_settings(settings)
    )
    store = object_store(lakehouse_connection(settings))
    report = IngestReport(source=SOURCE)
    try:
        for player in settings.chess_usernames:
            store_player_months(client, store, player, report, now or utc_now(), progress)
    finally:
        report.requests, report.bytes_received = client.requests, client.bytes_received
    return report


def store_player_months(
    client: ChessComClient,
    store: ObjectStore,
    player: str,
    report: IngestReport,
    now: datetime,
    progress: Progress | None = None,
) -> None:
    """Ask `player`'s archives list, then store each month to request, one request at a time."""
    try:
        listed = client.fetch(client.archives_url(player))
        months = parse_archive_list(listed.body, listed.url)
    except (ArchiveNotFound, FetchFailed, MalformedArchive) as exc:
        report.add(UnitResult(SOURCE, f"{player} archives", UnitStatus.FAILED, detail=str(exc)))
        return
    stored = {file.month: file.stored_at for file in month_files(store, player)}
    wanted = sorted(months_to_request(months, stored, now), reverse=True)
    for done, month in enumerate(wanted, start=1):
        result = store_month(client, store, player, month)
        report.add(result)
        if progress is not None:
            progress(Tick(SOURCE, player, done, len(wanted), f"{month} {result.status.value}"))


def store_month(client: ChessComClient, store: ObjectStore, player: str, month: str) -> UnitResult:
    """GET one month and put its body, unchanged, in the store once it parses as a month archive."""
    unit, url = f"{player} {month}", client.month_url(player, month)
    try:
        fetched = client.fetch(url)
        games = parse_month_games(fetched.body, url)
    except ArchiveNotFound as exc:
        return UnitResult(SOURCE, unit, UnitStatus.MISSING, detail=str(exc))
    except (FetchFailed, MalformedArchive) as exc:
        return UnitResult(SOURCE, unit, UnitStatus.FAILED, detail=str(exc))
    key = month_key(player, month)
    try:
        with store.filesystem().open_output_stream(store.path(key)) as stream:
            stream.write(fetched.body)
    except OSError as exc:
        raise LakehouseError(f"storing s3://{store.path(key)} failed: {exc}") from None
    return UnitResult(SOURCE, unit, UnitStatus.LOADED, rows=len(games))
