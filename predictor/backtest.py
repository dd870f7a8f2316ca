"""`mercredi backtest`: walk forward over a period, refitting at each step on what was known,
and write every prediction to the warehouse's `fct_prediction` (kind `backtest`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import mlflow
import polars as pl

from predictor.config import CHAMPION, PredictorSettings
from predictor.data import History, load_history
from predictor.model.conformal import calibrate
from predictor.model.evaluation import evaluate_predictions
from predictor.model.fitting import (
    N_FOLDS,
    Step,
    feature_table,
    known_at,
    rolling_origin,
    step_origins,
    walk_forward,
)
from predictor.model.point import PointParams
from predictor.model.registry import alias_version, run_values
from predictor.progress import fits
from predictor.tracking import configure_tracking
from warehouse.predictions import write_predictions


@dataclass(frozen=True)
class BacktestOutcome:
    """What a backtest predicted and wrote."""

    run_id: str
    model_version: str
    films: int
    steps: int
    rows_written: int
    metrics: dict[str, float]


def champion_params(settings: PredictorSettings) -> tuple[PointParams, str]:
    """The champion's LightGBM settings and a label of the version they come from (defaults,
    labelled so, when no champion is registered)."""
    champion = alias_version(settings, CHAMPION)
    if champion is None:
        return PointParams(), "defaults+walk-forward"
    _, params = run_values(champion.run_id)
    return PointParams.from_logged(params), f"{champion.version}+walk-forward"


def run_backtest(
    settings: PredictorSettings,
    start: dt.date,
    end: dt.date,
    step: Step = "month",
    *,
    history: History | None = None,
    write: bool = True,
    terminal: bool | None = None,
) -> BacktestOutcome:
    """Predict every film released from `start` to `end` (included) walk-forward.

    At each step (first Wednesday of each week or month) the point model is refitted, with the
    champion's settings (defaults without a champion), on the films known then; P10/P90 come
    from rolling-origin residuals before `start`. The run is logged to MLflow; with `write`, the
    predictions go to `fct_prediction` with the run id, the model version and the as-of date.
    Reports its fits as it goes (`predictor.progress`; `terminal` None asks stderr).
    """
    if end < start:
        raise ValueError(f"backtest end {end} is before its start {start}; give --from <= --to")
    experiment_id = configure_tracking(settings)
    history = history if history is not None else load_history(settings)
    table = feature_table(history)
    params, model_version = champion_params(settings)
    threads, seed = settings.num_threads, settings.seed
    origins = step_origins(start, end, step)
    if not origins:
        raise ValueError(f"no Wednesday between {start} and {end}; widen the period")
    with fits("backtest", N_FOLDS + len(origins), terminal=terminal) as fitted:
        validation = rolling_origin(
            table,
            origins[0],
            params,
            num_threads=threads,
            seed=seed,
            on_fit=lambda label: fitted(f"interval: {label}"),
        )
        calibration = calibrate(
            validation.residuals_with_copies, validation.residuals_without_copies
        )
        stop = end + dt.timedelta(days=1)
        predictions = walk_forward(
            table,
            origins,
            stop,
            params,
            calibration,
            num_threads=threads,
            seed=seed,
            on_fit=fitted,
        ).filter(pl.col("release_date").is_between(start, end))
    films = table.filter(pl.col("film_id").is_in(predictions.get_column("film_id").to_list()))
    metrics: dict[str, float] = {}
    if predictions.height >= 2:
        metrics = evaluate_predictions(predictions, known_at(table, origins[0]), films, seed=seed)
    with mlflow.start_run(experiment_id=experiment_id, run_name=f"backtest-{start}-{end}") as run:
        mlflow.set_tag("kind", "backtest")
        mlflow.log_params(
            {
                **params.as_dict(),
                **calibration.as_dict(),
                "backtest_from": start.isoformat(),
                "backtest_to": end.isoformat(),
                "step": step,
                "model_version": model_version,
                "films": predictions.height,
            }
        )
        mlflow.log_metrics(metrics)
    rows = 0
    if write and predictions.height:
        rows = write_predictions(
            predictions.select(
                "film_id", "title", "release_date", "as_of_date", "p10", "p50", "p90"
            ).with_columns(
                model_name=pl.lit(settings.model_name),
                model_version=pl.lit(model_version),
                run_id=pl.lit(run.info.run_id),
                kind=pl.lit("backtest"),
                predicted_at=pl.lit(dt.datetime.now(dt.UTC)),
            ),
            settings=settings,
        )
    return BacktestOutcome(
        run_id=run.info.run_id,
        model_version=model_version,
        films=predictions.height,
        steps=len(origins),
        rows_written=rows,
        metrics=metrics,
    )
