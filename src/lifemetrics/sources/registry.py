"""Every source the pipeline knows, in one place: orchestration, the CLI and status iterate `SOURCES`.

An entry names the source and the package that implements it. The package is imported only when it
is used (dlt loads with it, which `lifemetrics --help` should not wait for), and provides:

- `ingest(settings, progress, since) -> IngestReport`: load into `raw_<dataset>`, record the run;
- `configured(settings) -> bool`: whether these settings can ingest it;
- `status_lines(settings) -> list[str]`: its own lines under `lifemetrics status`;
- `units_failed(report) -> UnitsFailed`: the one-line error of a run whose units failed.

A new source is one package and one line in `SOURCES`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol, cast

from lifemetrics.errors import ConfigError
from lifemetrics.progress import Progress
from lifemetrics.sources.errors import UnitsFailed
from lifemetrics.sources.report import IngestReport

if TYPE_CHECKING:
    from lifemetrics.settings import Settings


class SourcePackage(Protocol):
    """What a source's package provides (see the module docstring)."""

    def ingest(
        self, settings: Settings, progress: Progress | None = None, since: date | None = None
    ) -> IngestReport: ...

    def configured(self, settings: Settings) -> bool: ...

    def status_lines(self, settings: Settings) -> list[str]: ...

    def units_failed(self, report: IngestReport) -> UnitsFailed: ...


@dataclass(frozen=True)
class Source:
    """A source: its command name, its raw dataset, its package, and what its command and setup say."""

    name: str
    dataset: str
    package: str
    help: str
    setup: str

    def implementation(self) -> SourcePackage:
        """The source's package, imported on first use."""
        return cast(SourcePackage, importlib.import_module(self.package))


SOURCES: tuple[Source, ...] = (
    Source(
        "chess",
        "chess_com",
        "lifemetrics.sources.chess_com",
        "Load new and changed monthly archives of LIFEMETRICS_CHESS_USERNAMES "
        "(conditional, serial requests).",
        "set LIFEMETRICS_CHESS_USERNAMES",
    ),
    Source(
        "oura",
        "oura",
        "lifemetrics.sources.oura",
        "Load your Oura data (daily scores, sleep periods, heart rate, personal info) into raw_oura.",
        "LIFEMETRICS_OURA_TOKEN (or run `lifemetrics oura login`)",
    ),
)


def all_sources() -> tuple[Source, ...]:
    """Every registered source, in the order runs ingest them."""
    return SOURCES


def source_named(name: str) -> Source:
    """The source `lifemetrics ingest <name>` and `run --source <name>` mean; ConfigError if none."""
    for source in all_sources():
        if source.name == name:
            return source
    names = ", ".join(source.name for source in all_sources())
    raise ConfigError(f"unknown source {name!r}: expected one of {names}")


def configured_sources(settings: Settings) -> tuple[Source, ...]:
    """The sources these settings can ingest."""
    return tuple(source for source in all_sources() if source.implementation().configured(settings))
