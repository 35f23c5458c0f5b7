"""chess.com source: monthly game archives of the tracked players into `raw_chess_com.games` (dlt, merge).

Requests are serial and conditional (ETag / Last-Modified kept in dlt state per player and month), so a
daily run costs one archives request per player plus the current and previous month.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

import dlt
import duckdb
import pyarrow as pa
from dlt.common.schema.utils import new_table
from dlt.destinations.exceptions import DatabaseUndefinedRelation
from dlt.pipeline.exceptions import PipelineStepFailed
from dlt.pipeline.pipeline import Pipeline

from lifemetrics.errors import ConfigError, LifemetricsError
from lifemetrics.failures import without_traceback
from lifemetrics.progress import Progress
from lifemetrics.settings import Settings
from lifemetrics.sources.chess_com.archive_run import (
    BATCH_ROWS,
    SOURCE,
    ArchiveRun,
    ArchivesState,
    utc_now,
)
from lifemetrics.sources.chess_com.client import ChessComClient
from lifemetrics.sources.chess_com.errors import ChessComError, WarehouseLoadFailed
from lifemetrics.sources.chess_com.errors import months_failed as units_failed
from lifemetrics.sources.chess_com.games_table import KEY_COLUMNS, column_hints
from lifemetrics.sources.http import policy_from_settings
from lifemetrics.sources.report import IngestReport
from lifemetrics.sources.run_record import record_run
from lifemetrics.warehouse.pipelines import (
    HELD_MEMORY_LIMIT,
    MERGE_MEMORY_LIMIT,
    held_raw_pipeline,
    run_source,
    set_memory_limit,
)

__all__ = [
    "ChessComError",
    "chess_com_source",
    "configured",
    "ingest",
    "ingest_chess",
    "status_lines",
    "units_failed",
]


MERGE = {"disposition": "merge", "strategy": "delete-insert", "deduplicated": True}
# A merged month replaces that month's games of that player: games chess.com no longer lists go.
MONTH_KEY = ("player", "archive_month")


def contract_schema() -> dlt.Schema:
    """The source's dlt schema, declaring every contract column of `games` so each exists even when NULL.

    Declared once here rather than as resource column hints, which dlt re-validates for every table.
    """
    schema = dlt.Schema(SOURCE)
    schema.update_table(new_table("games", columns=list(column_hints().values())))
    return schema


@dlt.source(max_table_nesting=0, schema=contract_schema())
def chess_com_source(run: ArchiveRun) -> dlt.sources.DltResource:
    """The dlt source of one batch of a run: the `games` resource, keyed on (player, uuid).

    Months of players loaded before are merged (each batch holds a game once, so no dedup pass is
    needed), deleting first every game of the same (player, archive_month) or uuid; months of players
    never loaded are appended, as none of their games can be in the table yet.
    """
    return games(run).apply_hints(write_disposition="append" if run.appending else MERGE)


@dlt.resource(name="games", primary_key=list(KEY_COLUMNS), merge_key=list(MONTH_KEY))
def games(run: ArchiveRun) -> Iterator[list[pa.Table]]:
    """The `games` resource: validators live in its dlt state under 'archives' -> player -> month.

    Declared once, as a function: `dlt.resource` over a generator object looks up the generator's
    module by walking every module loaded (0.14 s for each batch).
    """
    yield from run.next_batch(dlt.current.resource_state().setdefault("archives", {}))


def ingest_chess(
    settings: Settings,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
    batch_games: int = BATCH_ROWS,
    since: date | None = None,
) -> IngestReport:
    """Load every tracked player's new or changed months; raise RunStopped (403/410) after loading the rest.

    Months stream into the warehouse in loads of about `batch_games` games. Failed months are in the
    report (`report.failed`), never in the state, so the next run retries them. `since` re-reads every
    month from that day's month on in full, ignoring the stored ETags.
    """
    if not settings.chess_usernames:
        raise ConfigError(
            "LIFEMETRICS_CHESS_USERNAMES is empty: name at least one chess.com username"
        )
    client = ChessComClient(
        settings.chess_api_url, settings.contact, policy_from_settings(settings)
    )
    started_at = utc_now()
    report = IngestReport(source=SOURCE)
    run = ArchiveRun(
        client,
        settings.chess_usernames,
        report,
        now or started_at,
        progress,
        batch_games,
        since=f"{since:%Y-%m}" if since else None,
        workers=settings.chess_parse_workers,
    )
    error: LifemetricsError | None
    try:
        with held_raw_pipeline(settings, SOURCE) as pipeline:
            run.listed_later = games_listed_later(pipeline)
            run.plan(stored_archives(pipeline))
            while not run.finished:
                set_memory_limit(
                    pipeline, HELD_MEMORY_LIMIT if run.appending else MERGE_MEMORY_LIMIT
                )
                run_source(pipeline, chess_com_source(run))
                # The batch's Arrow tables are on disk by now: give their memory back rather than
                # keep it pooled (~80 MB after 50,000 games) while the next batch or the build runs.
                pa.default_memory_pool().release_unused()
    except PipelineStepFailed as exc:
        error = WarehouseLoadFailed(
            f"loading chess.com games into {settings.warehouse_path} failed at {exc.step}: "
            f"{without_traceback(exc.exception)}"
        )
    except duckdb.Error as exc:
        error = WarehouseLoadFailed(
            f"the warehouse {settings.warehouse_path} could not be used: {exc}"
        )
    else:
        error = run.stopped
    report.requests, report.bytes_received = client.requests, client.bytes_received
    record_run(settings, report, started_at, error=str(error) if error else None)
    if error is not None:
        raise error
    return report


def stored_archives(pipeline: Pipeline) -> ArchivesState:
    """The validators earlier runs kept in the resource's state (synced from the warehouse first, as
    `run` would: a lost local state must not make loaded months look new)."""
    pipeline.sync_destination()
    resources = pipeline.state.get("sources", {}).get(SOURCE, {}).get("resources", {})
    return resources.get("games", {}).get("archives", {})


def games_listed_later(pipeline: Pipeline) -> Callable[[str, str], set[str]]:
    """A lookup of the uuids raw holds for `player` from months after `month` (their later listing wins)."""

    def listed_later(player: str, month: str) -> set[str]:
        with pipeline.sql_client() as client:
            table = client.make_qualified_table_name("games")
            try:
                rows = client.execute_sql(
                    f"SELECT uuid FROM {table} WHERE player = %s AND archive_month > %s",
                    player,
                    month,
                )
            except DatabaseUndefinedRelation:
                return set()
        return {uuid for (uuid,) in rows or []}

    return listed_later


def ingest(
    settings: Settings, progress: Progress | None = None, since: date | None = None
) -> IngestReport:
    """The source registry's way in: `ingest_chess` with its defaults."""
    return ingest_chess(settings, progress, since=since)


def configured(settings: Settings) -> bool:
    """Whether at least one chess.com username is set."""
    return bool(settings.chess_usernames)


def status_lines(settings: Settings) -> list[str]:
    """Nothing beyond the run record and raw tables every source shows in `lifemetrics status`."""
    return []
