"""Ridge regression on standardised inputs with bootstrap intervals: effects in the inputs' own units."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PENALTY = 1.0  # on standardised inputs: shrinks effects by about 1/days, steadies collinear inputs
BOOTSTRAP_SAMPLES = 400
BOOTSTRAP_SEED = 20240301  # fixed: the same data always publishes the same intervals


@dataclass(frozen=True)
class Fit:
    """Effects (outcome units per input unit) and the bootstrap's 95% interval of each."""

    effects: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray


def ridge_effects(inputs: np.ndarray, outcome: np.ndarray, penalty: float = PENALTY) -> np.ndarray:
    """Coefficients of `outcome` on the columns of `inputs`, fitted on standardised inputs with an
    L2 penalty and turned back into the inputs' units (a constant column gets effect 0)."""
    centred = inputs - inputs.mean(axis=0)
    scale = centred.std(axis=0)
    scale[scale == 0] = np.inf
    standardised = centred / scale
    gram = standardised.T @ standardised + penalty * np.eye(inputs.shape[1])
    coefficients = np.linalg.solve(gram, standardised.T @ (outcome - outcome.mean()))
    return coefficients / scale


def fit_with_intervals(
    inputs: np.ndarray, outcome: np.ndarray, samples: int = BOOTSTRAP_SAMPLES
) -> Fit:
    """ridge_effects and percentile intervals from `samples` resamplings of the rows (days)."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    rows = len(outcome)
    resampled = np.array(
        [
            ridge_effects(inputs[picked], outcome[picked])
            for picked in rng.integers(0, rows, (samples, rows))
        ]
    )
    low, high = np.percentile(resampled, [2.5, 97.5], axis=0)
    return Fit(ridge_effects(inputs, outcome), low, high)
