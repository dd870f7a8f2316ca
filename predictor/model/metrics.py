"""Accuracy metrics on first-week admissions, and the interval's coverage."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.stats import spearmanr

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
    log_actual, log_predicted = np.log1p(actual), np.log1p(np.clip(predicted, 0.0, None))
    total = float(np.sum((log_actual - log_actual.mean()) ** 2))
    residual = float(np.sum((log_actual - log_predicted) ** 2))
    ratio = predicted / actual
    spearman = float(spearmanr(actual, predicted).statistic) if actual.size > 1 else float("nan")
    return {
        "r2_log": 1.0 - residual / total if total > 0 else float("nan"),
        "mae": float(np.mean(np.abs(predicted - actual))),
        "median_ape": float(np.median(np.abs(predicted - actual) / actual)),
        "within_2x": float(np.mean((ratio >= 0.5) & (ratio <= 2.0))),
        "spearman": spearman,
    }


def interval_coverage(actual: FloatArray, p10: FloatArray, p90: FloatArray) -> float:
    """Share of films whose actual admissions fall within [P10, P90] (target: about 0.8)."""
    actual = np.asarray(actual, dtype=np.float64)
    return float(np.mean((actual >= np.asarray(p10)) & (actual <= np.asarray(p90))))
