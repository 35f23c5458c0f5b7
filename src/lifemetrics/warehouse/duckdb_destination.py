"""dlt's DuckDB destination with the load files' paths quoted, so a home like `/home/o'neill` loads.

dlt loads a Parquet file with `read_parquet('<path>')`, the path pasted in unquoted: an apostrophe
anywhere in LIFEMETRICS_HOME ends the literal and the load fails. This destination differs from dlt's
only in that copy job, which sees the path with every `'` doubled (DuckDB's string-literal quoting).
"""

from __future__ import annotations

from typing import Any

import dlt
from dlt.common.destination.client import LoadJob
from dlt.destinations.impl.duckdb.duck import DuckDbClient, DuckDbCopyJob

from lifemetrics.warehouse.sql_text import string_literal


class QuotedPathCopyJob(DuckDbCopyJob):
    """dlt's copy job, run with its file path as a quoted SQL string body."""

    def run(self) -> None:
        """Load the file, showing dlt's SQL the path with `'` doubled; the job keeps the real path."""
        path = self._file_path
        self._file_path = string_literal(path)[1:-1]
        try:
            super().run()
        finally:
            self._file_path = path


class QuotedPathDuckDbClient(DuckDbClient):
    """dlt's DuckDB client whose file loads go through `QuotedPathCopyJob`."""

    def create_load_job(
        self, table: Any, file_path: str, load_id: str, restore: bool = False
    ) -> LoadJob:
        """dlt's job for `file_path`, with its plain copy job swapped for the quoting one."""
        job = super().create_load_job(table, file_path, load_id, restore)
        if type(job) is DuckDbCopyJob:
            return QuotedPathCopyJob(file_path)
        return job


class QuotedPathDuckDb(dlt.destinations.duckdb):
    """dlt's `duckdb` destination (same name, type and configuration) with quoted load paths."""

    @property
    def client_class(self) -> type[DuckDbClient]:
        """The client dlt instantiates for each step."""
        return QuotedPathDuckDbClient

    @property
    def destination_type(self) -> str:
        """dlt's own type (and so its name, `duckdb`, and config section): pipelines made before keep
        their state without a warning."""
        return "dlt.destinations.duckdb"
