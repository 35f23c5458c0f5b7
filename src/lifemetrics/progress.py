"""The one progress event every long step emits, and the callback that receives it.

Sources, the dbt build and the pipeline run all report with `Tick`s; the CLI decides how to show
them (Rich bars, a status line), so nothing is ever formatted into text and parsed back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

State = Literal["running", "done", "failed", "retry", "step"]


@dataclass(frozen=True)
class Tick:
    """Where one line of work stands: `done` of `total` (None: not counted) and what it just did.

    `source` is who works ('chess_com', 'oura', 'dbt', 'run'), `unit` the line of work (a player, an
    endpoint, a model, a step of the run). `state` is 'running' while it advances, 'done' or
    'failed' at its end, 'retry' for a request about to be repeated, 'step' when a run's step starts.
    """

    source: str
    unit: str
    done: int | None = None
    total: int | None = None
    detail: str = ""
    state: State = "running"

    def __str__(self) -> str:
        """'daily_sleep: 2024-01-01..2024-03-31', as a log line would say it."""
        return f"{self.unit}: {self.detail}" if self.detail else self.unit


Progress = Callable[[Tick], None]


def quiet(tick: Tick) -> None:
    """The progress callback that shows nothing."""
