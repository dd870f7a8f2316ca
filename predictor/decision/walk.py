"""The decision backtest's walk-forward: every film of a long period predicted by a model refitted
each month on the films known then, with copies and with copies and distributor hidden.

The features of every film are built once (point-in-time by construction, so one table serves
every origin); each origin only refits LightGBM on the films known then and predicts the films up
to the next origin. P10/P90 come afterwards from the residuals of the walk-forward itself that
were known at each origin (the last CALIBRATION_DAYS), so no extra fit is needed for them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from typing import Any, Final

import numpy as np
import polars as pl

from predictor.data import History
from predictor.features import FEATURE_COLUMNS
from predictor.features.track_records import KNOWLEDGE_LAG_DAYS
from predictor.model.conformal import Margins, calibrate
from predictor.model.fitting import (
    between,
    feature_table,
    fit_booster_on,
    hidden_feature_table,
    known_at,
    mask_copies,
)
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.lgbm import lgb
from predictor.model.point import PointParams, booster_input, model_input
from predictor.model.rank import fit_rank_model

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
CALIBRATION_DAYS: Final = 3 * 364
"""P10/P90 at an origin come from the walk-forward residuals of the films known in these days."""
MIN_CALIBRATION_FILMS: Final = 100
LEARNERS: Final = ("regression", "rank")
DEFAULT_LEARNERS: Final = ("regression",)
"""`regression`: the production point model (log admissions, L2). `rank`: LightGBM lambdarank
with the week as the group and the rank of the film's first week in its week as relevance."""

OnStep = Callable[[int, int, dt.date], None]
_NO_MARGINS: Final = calibrate(np.zeros(1), np.zeros(1))
"""Margins of zero: the forecaster gives the bare point prediction."""


def decision_tables(history: History) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The feature table of every film (as `feature_table`), and the same films with their own
    copies and distributor hidden (`hidden_feature_table`)."""
    table = feature_table(history)
    return table, hidden_feature_table(history, table)


def _rank_scores(
    booster: lgb.Booster, levels: dict[str, list[str]], films: pl.DataFrame
) -> FloatArray:
    return np.asarray(booster.predict(booster_input(model_input(films), levels)), dtype=np.float64)


def walk_forward_points(
    table: pl.DataFrame,
    hidden: pl.DataFrame,
    origins: Sequence[dt.date],
    end: dt.date,
    params: PointParams,
    *,
    num_threads: int,
    seed: int,
    learners: Sequence[str] = DEFAULT_LEARNERS,
    on_step: OnStep | None = None,
) -> pl.DataFrame:
    """Refit at each origin on the films known then; predict the films released from it to the
    next origin (the last to `end`, excluded), with their features and with copies and
    distributor hidden (`hidden`, same films, same order).

    One row per film: `film_id`, `title`, `release_date`, `release_week`, `admissions`,
    `copies`, `origin`, `point_log` / `point_log_hidden` (the regression's log1p admissions;
    a film without copies, and every hidden one, by the point model fitted on hidden films, as
    production), `point_log_masked` (the film with its copies masked) and,
    with the `rank` learner, `rank_score` / `rank_score_hidden`.
    """
    unknown = sorted(set(learners) - set(LEARNERS))
    if unknown or "regression" not in learners:
        raise ValueError(f"learners {list(learners)} must include 'regression', among {LEARNERS}")
    frames = []
    bounds = [*origins[1:], end]
    hidden_by_id = hidden.select("film_id", *FEATURE_COLUMNS)
    for step, (origin, stop) in enumerate(zip(origins, bounds, strict=True), start=1):
        films = between(table, origin, stop)
        if not films.is_empty():
            masked = films.select("film_id").join(hidden_by_id, on="film_id", how="left")
            train = known_at(table, origin)
            booster, levels = fit_booster_on(train, params, num_threads=num_threads, seed=seed)
            # As `mercredi train` builds it: films without copies (and every film with its
            # copies masked or hidden) are predicted by the model fitted on hidden films.
            blind_point, blind_point_levels = fit_booster_on(
                known_at(hidden, origin), params, num_threads=num_threads, seed=seed
            )
            point = FirstWeekForecaster.from_booster(booster, levels, _NO_MARGINS).with_blind_model(
                blind_point, blind_point_levels, _NO_MARGINS.without_copies
            )
            frame = films.select(
                "film_id", "title", "release_date", "release_week", "admissions", "copies"
            ).with_columns(
                origin=pl.lit(origin),
                point_log=point.predict_point(films),
                point_log_masked=point.predict_point(mask_copies(films)),
                point_log_hidden=point.predict_point(masked),
            )
            if "rank" in learners:
                # One ranker per scenario, each trained as it is asked: the hidden films are
                # ranked by a ranker that learnt from films with their own copies hidden too
                # (as production trains it; 89.1 % capture on 2010-2018 against 82.0 % for the
                # ranker trained with copies).
                ranker, rank_levels = fit_rank_model(
                    train, params, num_threads=num_threads, seed=seed
                )
                blind, blind_levels = fit_rank_model(
                    known_at(hidden, origin), params, num_threads=num_threads, seed=seed
                )
                frame = frame.with_columns(
                    rank_score=_rank_scores(ranker, rank_levels, films),
                    rank_score_hidden=_rank_scores(blind, blind_levels, masked),
                )
            frames.append(frame)
        if on_step is not None:
            on_step(step, len(origins), origin)
    if not frames:
        raise ValueError(f"no film released between {origins[0]} and {end} to predict")
    return pl.concat(frames)


def with_quantiles(
    points: pl.DataFrame,
    *,
    calibration_days: int = CALIBRATION_DAYS,
    min_films: int = MIN_CALIBRATION_FILMS,
    first_week: dt.date | None = None,
) -> pl.DataFrame:
    """The films released from `first_week` on, with national P10/P50/P90 with copies (`p10`,
    `p50`, `p90`) and hidden (`p10_hidden`, ...), each origin's margins calibrated on the
    walk-forward residuals of films known at that origin (released in the `calibration_days`
    before it, lagged KNOWLEDGE_LAG_DAYS). Raises ValueError when an origin has fewer than
    `min_films` such residuals: start the walk-forward earlier (a longer warm-up)."""
    residuals = points.select(
        "release_week",
        residual=pl.col("admissions").cast(pl.Float64).log1p() - pl.col("point_log"),
        residual_masked=pl.col("admissions").cast(pl.Float64).log1p() - pl.col("point_log_masked"),
        residual_hidden=pl.col("admissions").cast(pl.Float64).log1p() - pl.col("point_log_hidden"),
    )
    scored = points if first_week is None else points.filter(pl.col("release_week") >= first_week)
    frames = []
    for (origin,), films in scored.group_by("origin", maintain_order=True):
        assert isinstance(origin, dt.date)
        last = origin - dt.timedelta(days=KNOWLEDGE_LAG_DAYS)
        known = residuals.filter(
            pl.col("release_week").is_between(last - dt.timedelta(days=calibration_days), last)
        )
        if known.height < min_films:
            raise ValueError(
                f"only {known.height} walk-forward residuals known at {origin} to calibrate "
                f"P10/P90 (need {min_films}); start the walk-forward earlier"
            )
        with_copies, without = _margins(known, "residual_masked")
        hidden = _margins(known, "residual_hidden")[1]
        frames.append(
            films.with_columns(
                p10=_level(with_copies.low, without.low),
                p50=_level(with_copies.centre, without.centre),
                p90=_level(with_copies.high, without.high),
                p10_hidden=_hidden_level(hidden.low),
                p50_hidden=_hidden_level(hidden.centre),
                p90_hidden=_hidden_level(hidden.high),
            )
        )
    quantiles = ("p10", "p50", "p90", "p10_hidden", "p50_hidden", "p90_hidden")
    return pl.concat(frames).with_columns(pl.col(q).clip(lower_bound=0.0) for q in quantiles)


def _level(margin_with_copies: float, margin_without_copies: float) -> pl.Expr:
    """National admissions from the point prediction and the margin of the film's copies case."""
    offset = (
        pl.when(pl.col("copies").is_not_null())
        .then(margin_with_copies)
        .otherwise(margin_without_copies)
    )
    return (pl.col("point_log") + offset).exp() - 1.0


def _hidden_level(margin: float) -> pl.Expr:
    return (pl.col("point_log_hidden") + margin).exp() - 1.0


def _margins(known: pl.DataFrame, without_column: str) -> tuple[Margins, Margins]:
    margins = calibrate(
        known.get_column("residual").to_numpy(), known.get_column(without_column).to_numpy()
    )
    return margins.with_copies, margins.without_copies


def table_fingerprint(table: pl.DataFrame, *parts: object) -> str:
    """A short hash of the feature table's content and of `parts` (settings), naming a cache."""
    digest = hashlib.sha256()
    digest.update(table.write_csv().encode())
    for part in parts:
        digest.update(repr(part).encode())
    return digest.hexdigest()[:16]
