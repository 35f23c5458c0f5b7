"""Read dbt's run results: what was built and tested, and which tests failed with how many rows."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from lifemetrics.errors import LifemetricsError
from lifemetrics.settings import Settings

if TYPE_CHECKING:
    from lifemetrics.warehouse.target import Target

FAILED_STATUSES = {"error", "fail"}
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # dbt colours its unit-test diffs
OUT_OF_MEMORY = "Out of Memory Error"  # DuckDB's, past the build's memory limit


@dataclass(frozen=True)
class FailedNode:
    """One dbt node that did not pass: a data test with its failing rows, a unit test, or a model."""

    kind: str  # "test", "unit_test", "model"
    name: str
    status: str
    failing_rows: int | None
    message: str
    sql: str = ""  # a data test's compiled query: it selects the failing rows
    example: str = (
        ""  # the first failing row, e.g. "failed_checks=readiness_score not between 1 and 100"
    )

    @property
    def is_failed_data_test(self) -> bool:
        return self.kind == "test" and self.failing_rows is not None and self.status == "fail"

    def describe(self) -> str:
        """One phrase for the error line, e.g. `test unique_fct_chess_games_uuid (2 failing rows, e.g. uuid=x)`."""
        if self.is_failed_data_test:
            rows = "row" if self.failing_rows == 1 else "rows"
            example = f", e.g. {self.example}" if self.example else ""
            return f"{self.kind} {self.name} ({self.failing_rows} failing {rows}{example})"
        lines = [line.strip() for line in ANSI_ESCAPE.sub("", self.message).splitlines()]
        lines = [line for line in lines if line]
        said = lines[0].rstrip(":") if lines else self.status
        if len(lines) > 1 and lines[0].startswith("Runtime Error"):
            said = f"{said}: {lines[1]}"  # the database's own message
        return f"{self.kind} {self.name} ({said})"

    @property
    def ran_out_of_memory(self) -> bool:
        """Whether the database stopped this node at its memory limit."""
        return OUT_OF_MEMORY in self.message


@dataclass
class AuditResult:
    """Counts of what dbt ran by kind and status, the nodes that failed, whether it rebuilt from raw
    and whether it ran the unit tests (skipped while the models are those of the last passed build)."""

    executed: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: list[FailedNode] = field(default_factory=list)
    full_refresh: bool = False
    unit_tests_ran: bool = True

    def count(self, kind: str) -> int:
        """How many nodes of `kind` ("model", "test", "unit_test") ran."""
        return sum(n for (k, _), n in self.executed.items() if k == kind)

    @property
    def passed(self) -> bool:
        return not self.failures


class AuditFailed(LifemetricsError):
    """The audit build failed: nothing was published. Names each failed test and its failing rows."""

    def __init__(self, failures: list[FailedNode]) -> None:
        self.failures = failures
        listed = "; ".join(failure.describe() for failure in failures)
        hint = ""
        if any(failure.ran_out_of_memory for failure in failures):
            hint = " (DuckDB reached its memory limit: raise LIFEMETRICS_BUILD_MEMORY_LIMIT)"
        super().__init__(
            f"audit failed, analytics.duckdb left unchanged: {len(failures)} failed: {listed}{hint}"
        )


def read_results(results: Any) -> AuditResult:
    """Summarise a `dbt build` result; a skipped node counts as failed only when nothing else did."""
    audit = AuditResult()
    skipped: list[FailedNode] = []
    for result in results.results:
        kind = str(result.node.resource_type)
        status = str(result.status)
        audit.executed[(kind, status)] += 1
        sql = getattr(result.node, "compiled_code", None) or ""
        node = FailedNode(
            kind, result.node.name, status, result.failures, result.message or "", sql
        )
        if status in FAILED_STATUSES:
            audit.failures.append(node)
        elif status == "skipped":
            skipped.append(node)
    if not audit.failures and skipped:
        audit.failures.extend(skipped)
    return audit


def with_examples(failures: list[FailedNode], settings: Settings) -> list[FailedNode]:
    """`failures` with the first failing row of each failed data test, read by rerunning its query on
    the audit tables (only after a failed build: a passing build never pays for it)."""
    from lifemetrics.warehouse.target import target_for

    if not any(failure.is_failed_data_test and failure.sql for failure in failures):
        return failures
    target = target_for(settings)
    return [
        replace(failure, example=first_row(target, settings, failure.sql))
        if failure.is_failed_data_test and failure.sql
        else failure
        for failure in failures
    ]


def first_row(target: Target, settings: Settings, sql: str) -> str:
    """The first row of `sql` as `column=value, ...` ("" when the query no longer runs or finds nothing)."""
    try:
        columns, rows = target.audit_rows(settings, f"SELECT * FROM ({sql}) LIMIT 1")
    except target.query_errors:
        return ""
    if not rows:
        return ""
    return ", ".join(f"{column}={value}" for column, value in zip(columns, rows[0]))
