"""The run's figures: feature importance, residuals and interval calibration (matplotlib, Agg)."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import polars as pl
from matplotlib.figure import Figure


def importance_figure(booster: Any, top: int = 20) -> Figure:
    """Horizontal bars of the `top` features by total gain."""
    names = booster.feature_name()
    gains = booster.feature_importance(importance_type="gain")
    order = np.argsort(gains)[-top:]
    figure, axes = plt.subplots(figsize=(7, 6))
    axes.barh([names[i] for i in order], gains[order])
    axes.set_xlabel("total gain")
    axes.set_title("Feature importance")
    figure.tight_layout()
    return figure


def residual_figure(predictions: pl.DataFrame) -> Figure:
    """Actual against predicted P50 (log scale) and residuals against predicted."""
    actual = np.log1p(predictions.get_column("admissions").cast(pl.Float64).to_numpy())
    predicted = np.log1p(predictions.get_column("p50").to_numpy())
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 5))
    left.scatter(predicted, actual, s=6, alpha=0.5)
    low, high = float(min(actual.min(), predicted.min())), float(max(actual.max(), predicted.max()))
    left.plot([low, high], [low, high], color="black", linewidth=1)
    left.set_xlabel("predicted log1p(admissions)")
    left.set_ylabel("actual log1p(admissions)")
    right.scatter(predicted, actual - predicted, s=6, alpha=0.5)
    right.axhline(0, color="black", linewidth=1)
    right.set_xlabel("predicted log1p(admissions)")
    right.set_ylabel("residual (log)")
    figure.suptitle("Final test: predicted against actual")
    figure.tight_layout()
    return figure


def calibration_figure(predictions: pl.DataFrame, bins: int = 5) -> Figure:
    """Share of actual admissions below P10, within P10-P90 and above P90, by predicted size."""
    frame = predictions.with_columns(
        size_bin=pl.col("p50").rank("ordinal").truediv(pl.len()).mul(bins).ceil().clip(1, bins),
        below=(pl.col("admissions") < pl.col("p10")).cast(pl.Float64),
        inside=(
            (pl.col("admissions") >= pl.col("p10")) & (pl.col("admissions") <= pl.col("p90"))
        ).cast(pl.Float64),
        above=(pl.col("admissions") > pl.col("p90")).cast(pl.Float64),
    )
    by_bin = (
        frame.group_by("size_bin").agg(pl.col("below", "inside", "above").mean()).sort("size_bin")
    )
    figure, axes = plt.subplots(figsize=(7, 4.5))
    positions = by_bin.get_column("size_bin").to_numpy()
    bottom = np.zeros(len(positions))
    for column in ("below", "inside", "above"):
        values = by_bin.get_column(column).to_numpy()
        axes.bar(positions, values, bottom=bottom, label=column)
        bottom += values
    axes.axhline(0.1, color="black", linestyle=":", linewidth=1)
    axes.axhline(0.9, color="black", linestyle=":", linewidth=1)
    axes.set_xlabel("predicted size (quintile of P50)")
    axes.set_ylabel("share of films")
    axes.set_title("Interval calibration (target: 10 % below, 80 % inside, 10 % above)")
    axes.legend()
    figure.tight_layout()
    return figure
