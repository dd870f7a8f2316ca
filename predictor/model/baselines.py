"""Baselines computed beside every model: copies-only log-linear and median per genre."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def copies_only_baseline(train: pl.DataFrame, test: pl.DataFrame) -> FloatArray:
    """log1p(admissions) = a + b log(copies) by least squares on `train`; predicted admissions.

    A film without copies gets the training median of log copies.
    """
    known = train.filter(pl.col("log_copies").is_not_null())
    if known.height < 2:
        raise ValueError("the copies-only baseline needs at least two training films with copies")
    x = known.get_column("log_copies").to_numpy()
    y = known.get_column("log_admissions").to_numpy()
    slope, intercept = np.polyfit(x, y, 1)
    fill = float(np.median(x))
    test_x = test.get_column("log_copies").fill_null(fill).to_numpy()
    return np.asarray(np.expm1(intercept + slope * test_x), dtype=np.float64)


def genre_median_baseline(train: pl.DataFrame, test: pl.DataFrame) -> FloatArray:
    """The median first-week admissions of the film's genre in `train` (overall median if the
    genre is unseen)."""
    overall = float(train.get_column("admissions").median())  # type: ignore[arg-type]
    medians = train.group_by("genre").agg(genre_median=pl.col("admissions").median())
    predicted = (
        test.select("genre")
        .with_row_index("_row")
        .join(medians, on="genre", how="left", nulls_equal=True)
        .sort("_row")
        .get_column("genre_median")
        .fill_null(overall)
    )
    return np.asarray(predicted.to_numpy(), dtype=np.float64)
