"""Oura API v2 -> dlt -> `raw_oura` in the warehouse: daily documents, sleep periods, heart rate, personal info.

`ingest_oura(settings)` loads every endpoint in one dlt run. The first run back-fills; later runs start at
each endpoint's last loaded day minus `oura_lookback_days` and merge by key (`day`, `id`, `timestamp`), so
revised and late data replace what was loaded. An endpoint that fails is reported and does not stop the
others; what it fetched before failing is kept, and its state does not advance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import dlt
import requests
from dlt.extract.resource import DltResource
from dlt.pipeline.exceptions import PipelineStepFailed

from lifemetrics.errors import LifemetricsError
from lifemetrics.failures import without_traceback
from lifemetrics.progress import Progress, Tick
from lifemetrics.settings import Settings
from lifemetrics.sources.http import policy_from_settings
from lifemetrics.sources.oura.auth import bearer_for
from lifemetrics.sources.oura.auth.tokens import token_store
from lifemetrics.sources.oura.changes import ChangeFilter
from lifemetrics.sources.oura.client import OuraClient
from lifemetrics.sources.oura.endpoints import ENDPOINTS, DateParams, Endpoint
from lifemetrics.sources.oura.errors import OuraError
from lifemetrics.sources.oura.errors import endpoints_failed as units_failed
from lifemetrics.sources.oura.fetch import (
    changed_samples,
    empty_heartrate_table,
    fetch_documents,
    fetch_heartrate_rows,
    fetch_personal_info,
    heartrate_table,
    last_document_day,
    last_heartrate_day,
)
from lifemetrics.sources.oura.run import OuraRun
from lifemetrics.sources.oura.status import oura_status_lines as status_lines
from lifemetrics.sources.oura.windows import day_windows, instant_windows
from lifemetrics.sources.report import IngestReport
from lifemetrics.sources.run_record import record_run
from lifemetrics.warehouse.pipelines import raw_pipeline

__all__ = ["configured", "ingest", "ingest_oura", "oura_source", "status_lines", "units_failed"]


def configured(settings: Settings) -> bool:
    """True when an Oura token is set or stored (a broken store counts: ingesting then says why)."""
    if settings.oura_token is not None:
        return True
    try:
        return token_store(settings).load() is not None
    except LifemetricsError:
        return True


def ingest_oura(
    settings: Settings, progress: Progress | None = None, since: date | None = None
) -> IngestReport:
    """Load every Oura endpoint into `raw_oura`; the report names each endpoint's rows, window and status.

    `since` re-reads every endpoint from that day on, whatever was loaded before (`lifemetrics run --since`).

    Failed endpoints are in the report (`report.failed`); no authorisation at all, or a failed load into the
    warehouse, raises an OuraError. Either way the run is recorded for `lifemetrics status`.
    """
    started_at = datetime.now(UTC)
    report = IngestReport("oura")
    try:
        _load_endpoints(settings, report, progress, since)
    except OuraError as exc:
        record_run(settings, report, started_at, error=str(exc))
        raise
    record_run(settings, report, started_at)
    return report


ingest = ingest_oura


def _load_endpoints(
    settings: Settings,
    report: IngestReport,
    progress: Progress | None,
    since: date | None,
) -> None:
    """One dlt run over every endpoint; fills `report` with each endpoint's outcome and the request counts."""
    with requests.Session() as session:
        client = OuraClient(
            settings.oura_api_url,
            bearer_for(settings, session),
            session,
            policy_from_settings(settings),
            on_retry=_retry_reporter(progress),
        )
        run = OuraRun(settings, client, progress, since)
        try:
            raw_pipeline(settings, "oura").run(oura_source(run))
        except PipelineStepFailed as exc:
            raise OuraError(
                f"loading Oura data into {settings.warehouse_path} failed at {exc.step}: "
                f"{without_traceback(exc.exception)}"
            ) from None
        finally:
            report.requests, report.bytes_received = client.requests, client.bytes_received
            for endpoint in ENDPOINTS:
                report.add(run.outcomes[endpoint.name].as_unit(endpoint.name))


def _retry_reporter(progress: Progress | None) -> Callable[[str, int, float], None]:
    """Tell the progress callback about every retry (429 with its Retry-After, 5xx backoff)."""

    def report_retry(reason: str, attempt: int, wait: float) -> None:
        if progress is not None:
            detail = f"{reason}, attempt {attempt}, waiting {wait:.0f} s"
            progress(Tick("oura", "retry", detail=detail, state="retry"))

    return report_retry


@dlt.source(name="oura")
def oura_source(run: OuraRun) -> list[DltResource]:
    """One merge resource per endpoint; strings stay strings (local date-times keep their UTC offset)."""
    dlt.current.source_schema().remove_type_detection("iso_timestamp")
    return [
        dlt.resource(
            _endpoint_rows,
            name=endpoint.name,
            primary_key=endpoint.key,
            write_disposition="merge",
            columns=endpoint.columns,
        )(run, endpoint)
        for endpoint in ENDPOINTS
    ]


def _endpoint_rows(run: OuraRun, endpoint: Endpoint) -> Iterator[object]:
    """Rows of one endpoint; an OuraError is recorded as its failure instead of stopping the run.

    When nothing was ever loaded the table is still created with its declared columns, so models can rely on
    it; once it exists (remembered in the endpoint's state), a run with nothing new hands dlt nothing at all.
    """
    loaders = {
        DateParams.NONE: _personal_info,
        DateParams.DATES: _documents,
        DateParams.DATETIMES: _heartrate,
    }
    loaded_any = False
    try:
        for item in loaders[endpoint.params](run, endpoint):
            loaded_any = True
            yield item
    except OuraError as exc:
        run.outcomes[endpoint.name].error = exc
        run.tick(endpoint.name, "failed", state="failed")
    else:
        run.tick(endpoint.name, f"done, {run.outcomes[endpoint.name].rows} rows", state="done")
    state = dlt.current.resource_state()
    if not loaded_any and not state.get("table_created"):
        yield (
            empty_heartrate_table()
            if endpoint.params is DateParams.DATETIMES
            else dlt.mark.materialize_table_schema()
        )
    state["table_created"] = True


def _personal_info(run: OuraRun, endpoint: Endpoint) -> Iterator[dict]:
    """The personal_info document, when it changed since the last run."""
    run.tick(endpoint.name, "fetching")
    state = dlt.current.resource_state()
    changes = ChangeFilter(state.get("digests", {}), None, forget=run.since is not None)
    fresh = changes.keep([fetch_personal_info(run.client)], endpoint.change_group)
    outcome = run.outcomes[endpoint.name]
    outcome.read, outcome.rows, outcome.window = 1, len(fresh), "current"
    yield from fresh
    state["digests"] = changes.digests()


def _documents(run: OuraRun, endpoint: Endpoint) -> Iterator[list[dict]]:
    """New or changed daily documents or sleep periods, window by window, and removals of those a
    re-read window no longer holds; state moves on after the last one."""
    state = dlt.current.resource_state()
    last_loaded = _stored_day(state)
    span = run.span(last_loaded)
    changes = run.change_filter(state)
    outcome = run.outcomes[endpoint.name]
    outcome.window = str(span)
    windows = day_windows(span, endpoint.window_days)
    for number, window in enumerate(windows, start=1):
        run.tick(endpoint.name, f"{window} ({number}/{len(windows)})", number - 1, len(windows))
        documents = fetch_documents(run.client, endpoint, window)
        fresh = changes.keep(documents, endpoint.change_group)
        removals = [
            endpoint.removal(group) for group in changes.vanished(window.first, window.last)
        ]
        outcome.read += len(documents)
        outcome.rows += len(fresh)
        outcome.removed += len(removals)
        last_loaded = max(filter(None, (last_loaded, last_document_day(documents))), default=None)
        if fresh or removals:
            yield fresh + removals
    _store_day(state, last_loaded, changes)


def _heartrate(run: OuraRun, endpoint: Endpoint) -> Iterator[object]:
    """New or changed heart-rate samples (by day) as one Arrow table per window of at most 30 days."""
    state = dlt.current.resource_state()
    last_loaded = _stored_day(state)
    span = run.span(last_loaded)
    changes = run.change_filter(state)
    outcome = run.outcomes[endpoint.name]
    outcome.window = str(span)
    windows = instant_windows(span, run.zone, endpoint.window_days)
    for number, window in enumerate(windows, start=1):
        days = f"{window.start:%Y-%m-%d}..{window.end:%Y-%m-%d}"
        run.tick(endpoint.name, f"{days} ({number}/{len(windows)})", number - 1, len(windows))
        samples = fetch_heartrate_rows(run.client, window)
        if not samples:
            continue
        table = heartrate_table(samples, window)
        outcome.read += table.num_rows
        last_loaded = max(
            filter(None, (last_loaded, last_heartrate_day(table, run.zone))), default=None
        )
        table = changed_samples(table, run.zone, changes)
        outcome.rows += table.num_rows
        if table.num_rows:
            yield table
    _store_day(state, last_loaded, changes)


def _stored_day(state: dict) -> date | None:
    value = state.get("last_day")
    return date.fromisoformat(value) if value else None


def _store_day(state: dict, day: date | None, changes: ChangeFilter) -> None:
    """Remember the last loaded day and the digests of the days the next look-back re-reads."""
    if day is not None:
        state["last_day"] = day.isoformat()
    state["digests"] = changes.digests()
