"""How far a prediction fell from the actual first week: the one definition of each measure.

The per-film measures live here, in the warehouse, so that the `mart_forecast_accuracy` mart
(read by the cockpit and the portal's history) and the predictor's reports
(`predictor.model.metrics` aggregates them) cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Final

import duckdb
import numpy as np
import polars as pl

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
BoolArray = np.ndarray[Any, np.dtype[np.bool_]]

WITHIN_FACTOR: Final = 2.0
"""A prediction is "within 2x" when predicted / actual lies in [1/2, 2]."""

MART_COLUMNS: Final = (
    "film_id",
    "title",
    "release_date",
    "kind",
    "model_version",
    "as_of_date",
    "p10",
    "p50",
    "p90",
    "actual_admissions",
    "abs_pct_error",
    "log_error",
    "within_p10_p90",
    "within_2x",
    "model_name",
    "run_id",
    "predicted_at",
)


def _floats(values: Any) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


def abs_pct_error(actual: Any, predicted: Any) -> FloatArray:
    """|predicted - actual| / actual, per film (actual admissions must be > 0)."""
    actual_values, predicted_values = _floats(actual), _floats(predicted)
    return _floats(np.abs(predicted_values - actual_values) / actual_values)


def log_error(actual: Any, predicted: Any) -> FloatArray:
    """log1p(predicted) - log1p(actual), per film: > 0 over-predicts (negative predictions
    count as 0)."""
    return _floats(np.log1p(np.clip(_floats(predicted), 0.0, None)) - np.log1p(_floats(actual)))


def within_factor(actual: Any, predicted: Any, factor: float = WITHIN_FACTOR) -> BoolArray:
    """True where predicted / actual lies in [1 / factor, factor]."""
    ratio = _floats(predicted) / _floats(actual)
    return np.asarray((ratio >= 1.0 / factor) & (ratio <= factor), dtype=np.bool_)


def within_interval(actual: Any, p10: Any, p90: Any) -> BoolArray:
    """True where the actual admissions fall within [P10, P90] (target: 80 % of films)."""
    actual_values = _floats(actual)
    return np.asarray(
        (actual_values >= _floats(p10)) & (actual_values <= _floats(p90)), dtype=np.bool_
    )


def with_accuracy(predictions: pl.DataFrame) -> pl.DataFrame:
    """Add `abs_pct_error`, `log_error`, `within_p10_p90` and `within_2x` (on P50) to a frame
    of predictions that has `p10`, `p50`, `p90` and `actual_admissions` (> 0)."""
    actual = predictions["actual_admissions"].to_numpy()
    p50 = predictions["p50"].to_numpy()
    return predictions.with_columns(
        pl.Series("abs_pct_error", abs_pct_error(actual, p50), dtype=pl.Float64),
        pl.Series("log_error", log_error(actual, p50), dtype=pl.Float64),
        pl.Series(
            "within_p10_p90",
            within_interval(actual, predictions["p10"].to_numpy(), predictions["p90"].to_numpy()),
            dtype=pl.Boolean,
        ),
        pl.Series("within_2x", within_factor(actual, p50), dtype=pl.Boolean),
    )


def build_forecast_accuracy(connection: duckdb.DuckDBPyConnection) -> int:
    """(Re)build `mart_forecast_accuracy`: one row per prediction of `fct_prediction` whose
    film has a known first week (`fct_first_week`), with the actual and the error measures.

    Needs `fct_prediction` and `fct_first_week` in `connection`; returns the number of rows.
    """
    joined = connection.sql(
        """
        SELECT p.film_id, p.title, p.release_date, p.kind, p.model_version, p.as_of_date,
               p.p10, p.p50, p.p90, CAST(w.admissions AS DOUBLE) AS actual_admissions,
               p.model_name, p.run_id, p.predicted_at
        FROM fct_prediction p
        JOIN fct_first_week w USING (film_id)
        WHERE w.admissions > 0
        ORDER BY p.release_date, p.film_id, p.predicted_at
        """
    ).pl()
    mart = with_accuracy(joined).select(MART_COLUMNS)
    connection.register("mart_frame", mart.to_arrow())
    try:
        connection.execute(
            "CREATE OR REPLACE TABLE mart_forecast_accuracy AS SELECT * FROM mart_frame"
        )
    finally:
        connection.unregister("mart_frame")
    return mart.height
