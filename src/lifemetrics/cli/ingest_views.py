"""The summary table `lifemetrics ingest <source>` prints: per player, per endpoint, or per unit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial

from rich.table import Table

from lifemetrics.sources.report import IngestReport, UnitStatus

CHESS_COLUMNS = (
    ("months fetched", UnitStatus.LOADED),
    ("not modified", UnitStatus.NOT_MODIFIED),
    ("missing", UnitStatus.MISSING),
    ("failed", UnitStatus.FAILED),
)


def chess_table(report: IngestReport) -> Table:
    """Per player: months fetched, not modified, missing, failed, and games loaded."""
    table = Table(title="chess.com ingestion")
    table.add_column("player")
    for header, _ in CHESS_COLUMNS:
        table.add_column(header, justify="right")
    table.add_column("games loaded", justify="right")
    counts: dict[str, dict[UnitStatus, int]] = defaultdict(lambda: defaultdict(int))
    games: dict[str, int] = defaultdict(int)
    for unit in report.units:
        player = unit.unit.split(" ", 1)[0]
        counts[player][unit.status] += 1
        games[player] += unit.rows
    for player, by_status in sorted(counts.items()):
        cells = (str(by_status[status]) for _, status in CHESS_COLUMNS)
        table.add_row(player, *cells, str(games[player]))
    table.caption = f"{report.requests} requests, {report.bytes_received / 1e6:.1f} MB received"
    return table


def units_table(report: IngestReport, title: str = "", unit: str = "unit") -> Table:
    """One row per unit (an Oura endpoint, or any source's unit): rows loaded, detail, status."""
    table = Table(title=f"{title or report.source}: {report.rows} rows, {report.requests} requests")
    for column in (unit, "rows", "window", "status"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for result in report.units:
        failed = result.status is UnitStatus.FAILED
        status = f"[red]{result.status.value}[/]" if failed else result.status.value
        table.add_row(result.unit, f"{result.rows:,}", "" if failed else result.detail, status)
    return table


# raw dataset -> its table; a source not named here gets `units_table`
TABLES: dict[str, Callable[[IngestReport], Table]] = {
    "chess_com": chess_table,
    "oura": partial(units_table, title="Oura", unit="endpoint"),
}


def summary_table(report: IngestReport) -> Table:
    """The summary table of one source's ingestion."""
    return TABLES.get(report.source, units_table)(report)
