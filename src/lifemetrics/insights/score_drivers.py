"""What drives the sleep and readiness scores of the ring's wearer: each score modelled from its
contributors on the wearer's own days (ridge_effects), and the contributor worth working on: the one
whose move from its typical level (median) to the wearer's own good level (90th percentile) gains most."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from lifemetrics.insights.ridge import fit_with_intervals

SCORE_INPUTS: dict[str, tuple[str, ...]] = {
    "sleep_score": (
        "deep_sleep", "efficiency", "latency", "rem_sleep", "restfulness", "timing", "total_sleep",
    ),
    "readiness_score": (
        "activity_balance", "body_temperature", "hrv_balance", "previous_day_activity",
        "previous_night", "recovery_index", "resting_heart_rate", "sleep_balance",
    ),
}  # fmt: skip
MIN_DAYS = 30  # fewer complete days than this: no model (too few to estimate 7-8 effects)
GOOD_PERCENTILE = 90

SCHEMA = pa.schema(
    [
        ("score", pa.string()),
        ("input", pa.string()),
        ("days", pa.int32()),
        ("effect", pa.float64()),
        ("ci_low", pa.float64()),
        ("ci_high", pa.float64()),
        ("typical_value", pa.float64()),
        ("good_value", pa.float64()),
        ("gain", pa.float64()),
        ("gain_ci_low", pa.float64()),
        ("gain_ci_high", pa.float64()),
        ("gain_rank", pa.int32()),
        ("work_on", pa.bool_()),
    ]
)


def score_drivers(days: pa.Table) -> pa.Table:
    """One row per score and input (SCHEMA) from daily_health's columns; no rows for a score with fewer
    than MIN_DAYS days on which it and all its inputs are known."""
    rows: list[dict] = []
    for score, inputs in SCORE_INPUTS.items():
        rows.extend(drivers_of(score, inputs, complete_days(days, (score, *inputs))))
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def complete_days(days: pa.Table, columns: tuple[str, ...]) -> np.ndarray:
    """The rows of `columns` (as floats) on days where none of them is missing."""
    matrix = (
        np.column_stack(
            [
                np.asarray(days.column(name).to_numpy(zero_copy_only=False), dtype=float)
                for name in columns
            ]
        )
        if days.num_rows
        else np.empty((0, len(columns)))
    )
    return matrix[~np.isnan(matrix).any(axis=1)]


def drivers_of(score: str, inputs: tuple[str, ...], matrix: np.ndarray) -> list[dict]:
    """The rows of one score from its complete days (first column the score, then the inputs)."""
    if len(matrix) < MIN_DAYS:
        return []
    outcome, values = matrix[:, 0], matrix[:, 1:]
    fit = fit_with_intervals(values, outcome)
    typical = np.median(values, axis=0)
    good = np.percentile(values, GOOD_PERCENTILE, axis=0)
    lift = good - typical
    gains = fit.effects * lift
    order = np.argsort(-gains, kind="stable")
    ranks = np.empty(len(inputs), dtype=int)
    ranks[order] = np.arange(1, len(inputs) + 1)
    proven = fit.ci_low * lift > 0
    focus = next((int(index) for index in order if proven[index]), None)
    return [
        {
            "score": score,
            "input": name,
            "days": len(matrix),
            "effect": float(fit.effects[index]),
            "ci_low": float(fit.ci_low[index]),
            "ci_high": float(fit.ci_high[index]),
            "typical_value": float(typical[index]),
            "good_value": float(good[index]),
            "gain": float(gains[index]),
            "gain_ci_low": float(fit.ci_low[index] * lift[index]),
            "gain_ci_high": float(fit.ci_high[index] * lift[index]),
            "gain_rank": int(ranks[index]),
            "work_on": index == focus,
        }
        for index, name in enumerate(inputs)
    ]
