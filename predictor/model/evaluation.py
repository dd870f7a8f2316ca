"""The final test's figures: the model, its interval, the baselines and decision capture."""

from __future__ import annotations

import numpy as np
import polars as pl

from predictor.model.baselines import copies_only_baseline, genre_median_baseline
from predictor.model.decision import decision_capture
from predictor.model.metrics import interval_coverage, regression_metrics


def evaluate_predictions(
    predictions: pl.DataFrame, train: pl.DataFrame, test: pl.DataFrame, *, seed: int
) -> dict[str, float]:
    """Metrics of out-of-time `predictions` (rows of `test`, with `p10`, `p50`, `p90`), next to
    the baselines fitted on `train`, and the decision capture of the model and the heuristics.

    Keys: the model's `r2_log`, `mae`, `median_ape`, `within_2x`, `spearman`, `coverage_p10_p90`,
    `decision_capture`, `widest_release_capture`, `random_capture`, `receipts_*`,
    `decision_weeks`, `test_films`, and `baseline_copies_*`, `baseline_genre_*` for the baselines.
    """
    ordered = test.select("film_id").join(predictions, on="film_id", how="left")
    if ordered.get_column("p50").null_count():
        raise ValueError("some test films have no prediction; predict every film of the test")
    actual = ordered.get_column("admissions").cast(pl.Float64).to_numpy()
    metrics = regression_metrics(actual, ordered.get_column("p50").to_numpy())
    metrics["coverage_p10_p90"] = interval_coverage(
        actual, ordered.get_column("p10").to_numpy(), ordered.get_column("p90").to_numpy()
    )
    metrics["test_films"] = float(ordered.height)
    for name, baseline in (
        ("copies", copies_only_baseline(train, test)),
        ("genre", genre_median_baseline(train, test)),
    ):
        for key, value in regression_metrics(actual, np.asarray(baseline)).items():
            metrics[f"baseline_{name}_{key}"] = value
    metrics.update(decision_capture(ordered, seed=seed))
    return metrics
