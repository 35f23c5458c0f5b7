"""chess.com's result codes as the dbt seed `chess_result_codes.csv` lists them: the one definition.

The models join the table dbt loads from it; the synthetic games, the dashboards' labels and the
tests read the file here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEED = Path(__file__).parent / "models" / "seeds" / "chess_result_codes.csv"


@dataclass(frozen=True)
class ResultCode:
    """One code: the result class it gives its side, its label, whether the game was drawn."""

    code: str
    result_class: str
    label: str
    is_draw: bool


@cache
def result_codes() -> tuple[ResultCode, ...]:
    """Every code of the file, in its order."""
    with SEED.open(newline="") as file:
        return tuple(
            ResultCode(row["code"], row["result_class"], row["label"], row["is_draw"] == "true")
            for row in csv.DictReader(file)
        )


def draw_codes() -> tuple[str, ...]:
    """The codes of a drawn game, in the file's order."""
    return tuple(code.code for code in result_codes() if code.is_draw)


def labels() -> dict[str, str]:
    """Code -> the label the dashboards show for a game that ended by it."""
    return {code.code: code.label for code in result_codes()}
