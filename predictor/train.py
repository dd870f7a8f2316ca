"""`mercredi train`: tune, test walk-forward on the last 12 months, refit on everything, log to
MLflow, register a challenger and promote it if it is not worse than the champion."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import mlflow
import numpy as np
import polars as pl

from landing.locks import LockBusyError, exclusive
from predictor.config import CHALLENGER, CHAMPION, PredictorSettings
from predictor.data import History, load_history
from predictor.features.track_records import KNOWLEDGE_LAG_DAYS
from predictor.model.conformal import calibrate
from predictor.model.evaluation import evaluate_predictions
from predictor.model.fitting import (
    FOLD_DAYS,
    N_FOLDS,
    Step,
    blind_margins,
    feature_table,
    fit_forecaster,
    hidden_feature_table,
    known_at,
    select_params,
    step_origins,
    test_start,
    walk_forward,
)
from predictor.model.plots import calibration_figure, importance_figure, residual_figure
from predictor.model.point import PARAMS_GRID, PointParams
from predictor.model.promotion import PromotionDecision, decide_promotion
from predictor.model.rank import RANK_ROUNDS
from predictor.model.registry import (
    RegisteredVersion,
    alias_version,
    load_forecaster,
    log_forecaster,
    run_values,
    set_alias,
)
from predictor.progress import fits
from predictor.tracking import configure_tracking


class TrainingLockError(RuntimeError):
    """Another training of the same data folder is running, or the folder cannot be locked."""


@contextlib.contextmanager
def training_lock(settings: PredictorSettings) -> Iterator[None]:
    """Hold the data folder's training lock, or raise TrainingLockError at once."""
    path = settings.training_lock
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(exclusive(path, "training"))
        except LockBusyError as busy:
            raise TrainingLockError(
                f"another training is running ({busy.holder}; lock {path}); wait for it to "
                "finish: it registers its own version and may promote it"
            ) from None
        except OSError as error:
            raise TrainingLockError(
                f"cannot take the training lock {path}: {error.strerror or error}; "
                "MERCREDI_DATA_DIR must be a folder this user can write"
            ) from None
        yield


@dataclass(frozen=True)
class TrainingOutcome:
    """What `mercredi train` did."""

    run_id: str
    version: str
    promoted: bool
    reason: str
    params: PointParams
    metrics: dict[str, float]
    test_start: dt.date
    data_end: dt.date
    duration_s: float


def challenger_of_this_data(
    settings: PredictorSettings, history: History
) -> RegisteredVersion | None:
    """The challenger when it was trained on this very history (the same last release date and
    the same number of films): training again would fit the same model. None otherwise, or
    when there is no challenger yet."""
    challenger = alias_version(settings, CHALLENGER)
    if challenger is None:
        return None
    _, params = run_values(challenger.run_id)
    data_end = history.films.get_column("release_date").max()
    same_data = params.get("data_end") == str(data_end) and params.get("films") == str(
        history.films.height
    )
    return challenger if same_data else None


def _git_commit() -> str:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip()


def _log_figures(booster: Any, predictions: pl.DataFrame) -> None:
    import matplotlib.pyplot as plt

    for figure, name in (
        (importance_figure(booster), "feature_importance.png"),
        (residual_figure(predictions), "residuals.png"),
        (calibration_figure(predictions), "calibration.png"),
    ):
        mlflow.log_figure(figure, name)
        plt.close(figure)


def train_and_register(
    settings: PredictorSettings,
    *,
    history: History | None = None,
    grid: Sequence[PointParams] = PARAMS_GRID,
    n_folds: int = N_FOLDS,
    fold_days: int = FOLD_DAYS,
    test_step: Step = "month",
    terminal: bool | None = None,
) -> TrainingOutcome:
    """Train on the warehouse (or `history`), log the run and register the model.

    1. Point-in-time features of every film; the last 52 weeks are the final test.
    2. Each setting of `grid` is validated by rolling origin (`n_folds` periods of `fold_days`
       before the test); the best by MAE on log admissions is kept, and its out-of-time
       residuals calibrate P10/P90.
    3. Final test, walk-forward: refit at each `test_step` on what was known, predict the step.
    4. Refit on every film with the chosen setting, recalibrated on the residuals of the folds
       and of the final test (all out of time), with two models fitted on the same films with
       their own copies and distributor hidden: the point model of the films without copies
       (its margins from its own rolling-origin residuals, `blind_margins`) and the ranking
       model (lambdarank, for the weeks nobody gave copies: `predictor.model.rank`), log it
       with its figures, register it as `challenger`, promote it to `champion` by the rule of
       `predictor.model.promotion`.

    Holds the data folder's training lock throughout: a second training raises
    TrainingLockError at once instead of racing this one to the champion alias. Reports its
    fits as it goes (`predictor.progress`: a bar on a terminal, else log lines; `terminal`
    None asks stderr).
    """
    with training_lock(settings):
        return _train_and_register(
            settings,
            history=history,
            grid=grid,
            n_folds=n_folds,
            fold_days=fold_days,
            test_step=test_step,
            terminal=terminal,
        )


def _train_and_register(
    settings: PredictorSettings,
    *,
    history: History | None,
    grid: Sequence[PointParams],
    n_folds: int,
    fold_days: int,
    test_step: Step,
    terminal: bool | None,
) -> TrainingOutcome:
    started = time.perf_counter()
    experiment_id = configure_tracking(settings)
    history = history if history is not None else load_history(settings)
    table = feature_table(history)
    threads, seed = settings.num_threads, settings.seed
    first_test = test_start(table)
    last_week: dt.date = table.get_column("release_week").max()  # type: ignore[assignment]
    data_end: dt.date = table.get_column("release_date").max()  # type: ignore[assignment]
    after_end = last_week + dt.timedelta(days=7)

    origins = step_origins(first_test, last_week, test_step)
    # Each setting's folds, the final test's refits, the blind model's folds, the final models.
    total_fits = len(grid) * n_folds + len(origins) + n_folds + 1
    with fits("training", total_fits, terminal=terminal) as fitted:
        chosen, validations = select_params(
            table,
            first_test,
            grid=grid,
            num_threads=threads,
            seed=seed,
            n_folds=n_folds,
            fold_days=fold_days,
            on_fit=lambda label: fitted(f"settings: {label}"),
        )
        test_calibration = calibrate(chosen.residuals_with_copies, chosen.residuals_without_copies)
        predictions = walk_forward(
            table,
            origins,
            after_end,
            chosen.params,
            test_calibration,
            num_threads=threads,
            seed=seed,
            on_fit=lambda label: fitted(f"final test: {label}"),
        )
        test = table.filter(pl.col("release_week") >= first_test)
        metrics = evaluate_predictions(predictions, known_at(table, first_test), test, seed=seed)

        final_calibration_residuals = np.concatenate(
            [chosen.residuals_with_copies, predictions["residual_log"].to_numpy()]
        )
        final_calibration = calibrate(
            final_calibration_residuals,
            np.concatenate(
                [
                    chosen.residuals_without_copies,
                    predictions["residual_log_without_copies"].to_numpy(),
                ]
            ),
        )
        hidden = hidden_feature_table(history, table)
        margins_without_copies = blind_margins(
            hidden,
            first_test,
            chosen.params,
            final_calibration_residuals,
            num_threads=threads,
            seed=seed,
            n_folds=n_folds,
            fold_days=fold_days,
            on_fit=lambda label: fitted(f"without copies: {label}"),
        )
        forecaster = fit_forecaster(
            table,
            chosen.params,
            final_calibration,
            num_threads=threads,
            seed=seed,
            hidden_table=hidden,
            margins_without_copies=margins_without_copies,
        )
        fitted("final models on every film")

    champion = alias_version(settings, CHAMPION)
    champion_metrics: dict[str, float] = {}
    champion_params: dict[str, str] | None = None
    if champion is not None:
        champion_metrics, champion_params = run_values(champion.run_id)

    def score_champion() -> dict[str, float]:
        champion_forecaster, _ = load_forecaster(settings, CHAMPION)
        quantiles = pl.from_pandas(champion_forecaster.predict(test).reset_index(drop=True))
        scored = test.select(
            "film_id", "title", "release_date", "release_week", "admissions", "copies"
        ).hstack(quantiles)
        return evaluate_predictions(scored, known_at(table, first_test), test, seed=seed)

    with mlflow.start_run(experiment_id=experiment_id, run_name=f"train-{data_end}") as run:
        mlflow.set_tag("git_commit", _git_commit())
        mlflow.log_params(
            {
                **chosen.params.as_dict(),
                **final_calibration.as_dict(),
                "grid_size": len(grid),
                "rolling_origin_folds": n_folds,
                "fold_days": fold_days,
                "test_step": test_step,
                "knowledge_lag_days": KNOWLEDGE_LAG_DAYS,
                "data_start": str(table.get_column("release_date").min()),
                "data_end": data_end.isoformat(),
                "test_start": first_test.isoformat(),
                "films": table.height,
                "films_test": test.height,
                "films_train_before_test": known_at(table, first_test).height,
                "num_threads": threads,
                "seed": seed,
                "ranker": "lambdarank" if forecaster.has_ranker else "none",
                "blind_model": "hidden copies and distributor",
                "blind_margin_low": margins_without_copies.low,
                "blind_margin_centre": margins_without_copies.centre,
                "blind_margin_high": margins_without_copies.high,
                "rank_rounds": RANK_ROUNDS,
            }
        )
        mlflow.log_metrics({key: float(value) for key, value in metrics.items()})
        for index, validation in enumerate(validations):
            mlflow.log_metric(f"cv_mae_log_setting_{index}", validation.mae_log)
        mlflow.log_metric("cv_mae_log", chosen.mae_log)
        _log_figures(forecaster.booster, predictions)
        registered = log_forecaster(forecaster, table.head(5), settings)
        set_alias(settings, CHALLENGER, registered.version)
        decision: PromotionDecision = decide_promotion(
            metrics, (first_test, data_end), champion_params, champion_metrics, score_champion
        )
        mlflow.set_tag("promotion", decision.reason)
        for key, value in decision.champion_metrics.items():
            mlflow.log_metric(f"champion_{key}", float(value))
        if decision.promote:
            set_alias(settings, CHAMPION, registered.version)
        mlflow.log_metric("train_seconds", time.perf_counter() - started)
    return TrainingOutcome(
        run_id=run.info.run_id,
        version=registered.version,
        promoted=decision.promote,
        reason=decision.reason,
        params=chosen.params,
        metrics={key: float(np.round(value, 6)) for key, value in metrics.items()},
        test_start=first_test,
        data_end=data_end,
        duration_s=time.perf_counter() - started,
    )
