"""Fitting and out-of-time evaluation: rolling-origin tuning, calibration and walk-forward.

No random split anywhere: a model fitted for an origin (a Wednesday) only sees films whose first
week was known then (released at least KNOWLEDGE_LAG_DAYS before it), and predicts later films.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
import polars as pl

from landing.weeks import wednesdays_between
from predictor.data import History
from predictor.features import COPIES_FEATURES, build_features, collect_features
from predictor.features.track_records import KNOWLEDGE_LAG_DAYS
from predictor.model.conformal import IntervalCalibration, Margins, calibrate
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.point import PARAMS_GRID, PointParams, category_levels, fit_point_model
from predictor.model.rank import fit_rank_model
from predictor.progress import Fitted

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
Step = Literal["week", "month"]
TEST_DAYS: Final = 364
FOLD_DAYS: Final = 364
N_FOLDS: Final = 3
MIN_TRAIN_FILMS: Final = 200


def feature_table(history: History) -> pl.DataFrame:
    """Point-in-time features of every film of the history, with its target and copies."""
    films = history.films.lazy()
    features = build_features(films, films, history.weeks.lazy())
    return collect_features(
        features.join(films.select("film_id", "admissions", "copies"), on="film_id", how="left")
        .with_columns(log_admissions=pl.col("admissions").cast(pl.Float64).log1p())
        .sort("release_date", "film_id")
    )


def hide_copies_and_distributor(films: pl.DataFrame) -> pl.DataFrame:
    """The films as a release comes from TMDB when nobody typed them: no copies nor distributor."""
    return films.with_columns(
        pl.lit(None, dtype=films.schema["copies"]).alias("copies"),
        pl.lit(None, dtype=pl.String).alias("distributor"),
    )


def hidden_feature_table(history: History, table: pl.DataFrame) -> pl.DataFrame:
    """The films of `table` (a `feature_table` of `history`), in its order, with their own
    copies and distributor hidden (earlier films keep theirs: track records stay known): what
    the ranking model learns from, since that is how a week without copies reaches it."""
    films = history.films.lazy()
    hidden = collect_features(
        build_features(
            hide_copies_and_distributor(history.films).lazy(), films, history.weeks.lazy()
        )
        .join(films.select("film_id", "admissions"), on="film_id", how="left")
        .with_columns(
            log_admissions=pl.col("admissions").cast(pl.Float64).log1p(),
            copies=pl.lit(None, dtype=pl.Int32),
        )
    )
    return table.select("film_id").join(hidden, on="film_id", how="left")


def known_at(table: pl.DataFrame, origin: dt.date) -> pl.DataFrame:
    """The films whose first week was known at `origin` (released KNOWLEDGE_LAG_DAYS before)."""
    return table.filter(pl.col("release_week") <= origin - dt.timedelta(days=KNOWLEDGE_LAG_DAYS))


def between(table: pl.DataFrame, start: dt.date, end: dt.date) -> pl.DataFrame:
    """The films released in weeks from `start` (included) to `end` (excluded)."""
    return table.filter((pl.col("release_week") >= start) & (pl.col("release_week") < end))


def test_start(table: pl.DataFrame) -> dt.date:
    """The first Wednesday of the final test: the last 12 months (52 weeks) of the history."""
    last_week: dt.date = table.get_column("release_week").max()  # type: ignore[assignment]
    return last_week - dt.timedelta(days=TEST_DAYS - 7)


def _log_target(table: pl.DataFrame) -> FloatArray:
    return np.asarray(table.get_column("log_admissions").to_numpy(), dtype=np.float64)


def mask_copies(table: pl.DataFrame) -> pl.DataFrame:
    """The same films as if their copies were unknown (and every feature derived from them)."""
    return table.with_columns(
        pl.lit(None, dtype=pl.Float64).alias(column) for column in COPIES_FEATURES
    )


@dataclass(frozen=True)
class OutOfTime:
    """Out-of-time residuals (actual - predicted, log scale) of one setting over its folds."""

    params: PointParams
    residuals_with_copies: FloatArray
    residuals_without_copies: FloatArray
    fold_mae_log: tuple[float, ...]

    @property
    def mae_log(self) -> float:
        """Mean over folds of the mean absolute error on log admissions."""
        return float(np.mean(self.fold_mae_log))


def fit_booster_on(
    train: pl.DataFrame, params: PointParams, *, num_threads: int, seed: int
) -> tuple[Any, dict[str, list[str]]]:
    """Fit the point model on `train`; return it with the category levels it knows."""
    if train.height < MIN_TRAIN_FILMS:
        raise ValueError(
            f"only {train.height} films to train on; need at least {MIN_TRAIN_FILMS} "
            "(refresh the warehouse with more history)"
        )
    levels = category_levels(train)
    booster = fit_point_model(
        train, _log_target(train), params, levels, num_threads=num_threads, seed=seed
    )
    return booster, levels


def rolling_origin(
    table: pl.DataFrame,
    end: dt.date,
    params: PointParams,
    *,
    num_threads: int,
    seed: int,
    n_folds: int = N_FOLDS,
    fold_days: int = FOLD_DAYS,
    on_fit: Fitted | None = None,
) -> OutOfTime:
    """Validate `params` on the `n_folds` periods of `fold_days` before `end`, each predicted by
    a model fitted on what was known at its start. Folds with too little history are skipped.
    `on_fit` hears of each fold, fitted or skipped."""
    with_copies: list[FloatArray] = []
    without_copies: list[FloatArray] = []
    fold_mae: list[float] = []
    for fold in range(n_folds, 0, -1):
        origin = end - dt.timedelta(days=fold * fold_days)
        train = known_at(table, origin)
        valid = between(table, origin, origin + dt.timedelta(days=fold_days))
        if train.height < MIN_TRAIN_FILMS or valid.is_empty():
            if on_fit is not None:
                on_fit(f"fold from {origin} skipped")
            continue
        booster, levels = fit_booster_on(train, params, num_threads=num_threads, seed=seed)
        if on_fit is not None:
            on_fit(f"fold from {origin}")
        point = FirstWeekForecaster.from_booster(booster, levels, _NO_MARGINS)
        residuals = _log_target(valid) - point.predict_point(valid)
        with_copies.append(residuals)
        without_copies.append(_log_target(valid) - point.predict_point(mask_copies(valid)))
        fold_mae.append(float(np.mean(np.abs(residuals))))
    if not fold_mae:
        raise ValueError(
            f"no validation fold before {end}: the history needs at least {MIN_TRAIN_FILMS} films "
            f"known {fold_days} days before it"
        )
    return OutOfTime(
        params=params,
        residuals_with_copies=np.concatenate(with_copies),
        residuals_without_copies=np.concatenate(without_copies),
        fold_mae_log=tuple(fold_mae),
    )


def select_params(
    table: pl.DataFrame,
    end: dt.date,
    *,
    grid: Sequence[PointParams] = PARAMS_GRID,
    num_threads: int,
    seed: int,
    n_folds: int = N_FOLDS,
    fold_days: int = FOLD_DAYS,
    on_fit: Fitted | None = None,
) -> tuple[OutOfTime, list[OutOfTime]]:
    """The setting of `grid` with the lowest rolling-origin MAE on log admissions before `end`,
    and every setting's validation. `on_fit` hears of each fold of each setting."""
    results = [
        rolling_origin(
            table,
            end,
            params,
            num_threads=num_threads,
            seed=seed,
            n_folds=n_folds,
            fold_days=fold_days,
            on_fit=on_fit,
        )
        for params in grid
    ]
    return min(results, key=lambda result: result.mae_log), results


def step_origins(start: dt.date, end: dt.date, step: Step) -> list[dt.date]:
    """The Wednesdays from `start` to `end` (included) where a walk-forward refits: every week,
    or the first Wednesday of every month."""
    wednesdays = wednesdays_between(start, end)
    if step == "week":
        return wednesdays
    origins = [wednesdays[0]] if wednesdays else []
    for day in wednesdays[1:]:
        if day.month != origins[-1].month or day.year != origins[-1].year:
            origins.append(day)
    return origins


def walk_forward(
    table: pl.DataFrame,
    origins: Sequence[dt.date],
    end: dt.date,
    params: PointParams,
    calibration: IntervalCalibration,
    *,
    num_threads: int,
    seed: int,
    on_fit: Fitted | None = None,
) -> pl.DataFrame:
    """At each origin, fit on what was known and predict the films up to the next origin
    (the last step runs to `end`, excluded). One row per predicted film: `film_id`, `title`,
    `release_date`, `release_week`, `admissions`, `copies`, `as_of_date`, `p10`, `p50`, `p90`,
    and the point model's residuals `residual_log` and `residual_log_without_copies` (for
    calibration; null for a film without admissions). `on_fit` hears of each origin."""
    frames = []
    bounds = [*origins[1:], end]
    for origin, stop in zip(origins, bounds, strict=True):
        films = between(table, origin, stop)
        if films.is_empty():
            if on_fit is not None:
                on_fit(f"origin {origin}: no film")
            continue
        booster, levels = fit_booster_on(
            known_at(table, origin), params, num_threads=num_threads, seed=seed
        )
        if on_fit is not None:
            on_fit(f"origin {origin}")
        forecaster = FirstWeekForecaster.from_booster(booster, levels, calibration)
        quantiles = pl.from_pandas(forecaster.predict(films).reset_index(drop=True))
        frames.append(
            films.select("film_id", "title", "release_date", "release_week", "admissions", "copies")
            .with_columns(
                as_of_date=pl.lit(origin - dt.timedelta(days=KNOWLEDGE_LAG_DAYS)),
                residual_log=films.get_column("log_admissions") - forecaster.predict_point(films),
                residual_log_without_copies=films.get_column("log_admissions")
                - forecaster.predict_point(mask_copies(films)),
            )
            .hstack(quantiles)
        )
    if not frames:
        raise ValueError(f"no film released between {origins[0]} and {end} to predict")
    return pl.concat(frames)


def blind_margins(
    hidden: pl.DataFrame,
    end: dt.date,
    params: PointParams,
    residuals_with_copies: FloatArray,
    *,
    num_threads: int,
    seed: int,
    n_folds: int = N_FOLDS,
    fold_days: int = FOLD_DAYS,
    on_fit: Fitted | None = None,
) -> Margins:
    """P10/P50/P90 offsets of the point model for films without copies, from its out-of-time
    residuals: fitted and judged on `hidden` (`hidden_feature_table`: the films with their own
    copies and distributor hidden) by the same rolling origin as the main model, never narrower
    on either side than the main model's interval (`residuals_with_copies`)."""
    folds = rolling_origin(
        hidden,
        end,
        params,
        num_threads=num_threads,
        seed=seed,
        n_folds=n_folds,
        fold_days=fold_days,
        on_fit=on_fit,
    )
    # On hidden films the fold model's residuals "with copies" are those of films without.
    return calibrate(residuals_with_copies, folds.residuals_with_copies).without_copies


def fit_forecaster(
    table: pl.DataFrame,
    params: PointParams,
    calibration: IntervalCalibration,
    *,
    num_threads: int,
    seed: int,
    hidden_table: pl.DataFrame | None = None,
    margins_without_copies: Margins | None = None,
) -> FirstWeekForecaster:
    """The forecaster fitted on every film of `table`. With `hidden_table` (the same films with
    their own copies and distributor hidden, `hidden_feature_table`) it also carries the two
    models fitted on those films that a film or week without copies needs: the point model for
    films without copies (with `margins_without_copies`, from `blind_margins`) and the ranking
    model (`predictor.model.rank.fit_rank_model`) that orders a week where no film has copies."""
    booster, levels = fit_booster_on(table, params, num_threads=num_threads, seed=seed)
    forecaster = FirstWeekForecaster.from_booster(booster, levels, calibration)
    if hidden_table is None:
        return forecaster
    if margins_without_copies is None:
        raise ValueError("a forecaster with a blind model needs its margins_without_copies")
    blind, blind_levels = fit_booster_on(hidden_table, params, num_threads=num_threads, seed=seed)
    rank_booster, rank_levels = fit_rank_model(
        hidden_table, params, num_threads=num_threads, seed=seed
    )
    return forecaster.with_blind_model(blind, blind_levels, margins_without_copies).with_ranker(
        rank_booster, rank_levels
    )


_NO_MARGINS = calibrate(np.zeros(1), np.zeros(1))
