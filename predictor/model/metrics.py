"""Accuracy metrics on first-week admissions, and the interval's coverage.

The per-film measures (percentage error, log error, within 2x, within P10-P90) are defined once
in `warehouse.accuracy`, which also builds the `mart_forecast_accuracy` mart; here they are
aggregated over a set of films."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.stats import spearmanr

from warehouse.accuracy import abs_pct_error, log_error, within_factor, within_interval

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def regression_metrics(actual: FloatArray, predicted: FloatArray) -> dict[str, float]:
    """Metrics of predicted against actual first-week admissions (people, not logs).

    `r2_log`: R² of log1p; `mae`: mean absolute error in admissions; `median_ape`: median of
    |predicted - actual| / actual; `within_2x`: share of films with predicted/actual in
    [0.5, 2]; `spearman`: rank correlation.
    """
    actual = np.asarray(actual, dtype=np.float64)
    predicted = np.asarray(predicted, dtype=np.float64)
    if actual.shape != predicted.shape or actual.size == 0:
        raise ValueError(
            f"need as many predictions as actual values, at least one; got {predicted.size} and "
            f"{actual.size}"
        )
    if np.any(actual <= 0):
        raise ValueError("actual first-week admissions must be > 0 to compute percentage errors")
    log_actual = np.log1p(actual)
    total = float(np.sum((log_actual - log_actual.mean()) ** 2))
    residual = float(np.sum(log_error(actual, predicted) ** 2))
    spearman = float(spearmanr(actual, predicted).statistic) if actual.size > 1 else float("nan")
    return {
        "r2_log": 1.0 - residual / total if total > 0 else float("nan"),
        "mae": float(np.mean(np.abs(predicted - actual))),
        "median_ape": float(np.median(abs_pct_error(actual, predicted))),
        "within_2x": float(np.mean(within_factor(actual, predicted))),
        "spearman": spearman,
    }


def interval_coverage(actual: FloatArray, p10: FloatArray, p90: FloatArray) -> float:
    """Share of films whose actual admissions fall within [P10, P90] (target: about 0.8)."""
    return float(np.mean(within_interval(actual, p10, p90)))
