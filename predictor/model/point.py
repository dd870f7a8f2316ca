"""The point model: LightGBM on log1p(first-week admissions), monotone in copies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, Final

import numpy as np
import pandas as pd
import polars as pl

from predictor.features import (
    CATEGORICAL_FEATURES,
    FEATURE_COLUMNS,
    MONOTONE_DECREASING,
    MONOTONE_INCREASING,
)
from predictor.model.lgbm import lgb
from predictor.threads import training_threads

MIN_CATEGORY_FILMS: Final = 10
"""A label seen on fewer earlier films than this is treated as unknown (too rare to learn)."""


@dataclass(frozen=True)
class PointParams:
    """LightGBM settings chosen by rolling-origin validation."""

    learning_rate: float = 0.05
    num_leaves: int = 15
    min_data_in_leaf: int = 20
    feature_fraction: float = 0.8
    bagging_fraction: float = 0.8
    lambda_l2: float = 1.0
    num_boost_round: int = 360
    recency_half_life_years: float | None = None
    """Weight each film by 0.5 ** (its age at the latest film / half-life); None: equal weights."""

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain values (for MLflow parameters)."""
        return asdict(self)

    @classmethod
    def from_logged(cls, logged: Mapping[str, str]) -> PointParams:
        """The settings back from a run's parameters (MLflow keeps them as text)."""
        defaults = cls()
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = logged.get(field.name)
            if raw is None:
                continue
            if raw == "None":
                values[field.name] = None
            elif isinstance(getattr(defaults, field.name), int):
                values[field.name] = int(raw)
            else:
                values[field.name] = float(raw)
        return cls(**values)


PARAMS_GRID: Final[tuple[PointParams, ...]] = (
    PointParams(),
    PointParams(min_data_in_leaf=50),
    PointParams(learning_rate=0.08, num_leaves=31, num_boost_round=220),
    PointParams(recency_half_life_years=6.0),
    PointParams(min_data_in_leaf=50, feature_fraction=0.6),
    PointParams(min_data_in_leaf=50, feature_fraction=0.5),
)


def category_levels(features: pl.DataFrame) -> dict[str, list[str]]:
    """The labels of each categorical feature seen on at least MIN_CATEGORY_FILMS films."""
    levels = {}
    for column in CATEGORICAL_FEATURES:
        counts = features.get_column(column).drop_nulls().value_counts()
        frequent = counts.filter(pl.col("count") >= MIN_CATEGORY_FILMS).get_column(column)
        levels[column] = sorted(frequent.to_list())
    return levels


def model_input(
    features: pl.DataFrame | pd.DataFrame, columns: Sequence[str] = FEATURE_COLUMNS
) -> pd.DataFrame:
    """`columns` as a pandas frame of floats and strings (the served model's input)."""
    frame = features.to_pandas() if isinstance(features, pl.DataFrame) else features.copy()
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"feature frame lacks the column(s) {', '.join(missing)}")
    frame = frame.loc[:, list(columns)]
    for column in columns:
        if column in CATEGORICAL_FEATURES:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
        else:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def booster_input(frame: pd.DataFrame, levels: dict[str, list[str]]) -> pd.DataFrame:
    """The model input with categorical columns as pandas categories of the training levels."""
    out = frame.copy()
    for column in levels:
        values = out[column].where(out[column].isin(levels[column]))
        out[column] = pd.Categorical(values, categories=levels[column])
    return out


def recency_weights(
    features: pl.DataFrame, half_life_years: float | None
) -> np.ndarray[Any, np.dtype[np.float64]] | None:
    """Training weights halving every `half_life_years` back from the latest release (None:
    equal weights)."""
    if half_life_years is None:
        return None
    age_days = features.select(
        (pl.col("release_date").max() - pl.col("release_date")).dt.total_days()
    ).to_series()
    return np.asarray(0.5 ** (age_days.to_numpy() / (365.25 * half_life_years)), dtype=np.float64)


def booster_params(
    params: PointParams, *, objective: str, num_threads: int, seed: int
) -> dict[str, Any]:
    """LightGBM's parameters for `params`: the tree settings, monotone in copies (basic method),
    deterministic for `seed`, threads resolved by `training_threads` at each fit."""
    monotone = [
        1 if column in MONOTONE_INCREASING else -1 if column in MONOTONE_DECREASING else 0
        for column in FEATURE_COLUMNS
    ]
    return {
        "objective": objective,
        "learning_rate": params.learning_rate,
        "num_leaves": params.num_leaves,
        "min_data_in_leaf": params.min_data_in_leaf,
        "feature_fraction": params.feature_fraction,
        "bagging_fraction": params.bagging_fraction,
        "bagging_freq": 1,
        "lambda_l2": params.lambda_l2,
        "monotone_constraints": monotone,
        "monotone_constraints_method": "basic",
        "num_threads": training_threads(num_threads),
        "seed": seed,
        "deterministic": True,
        "force_col_wise": True,
        "verbose": -1,
    }


def fit_point_model(
    features: pl.DataFrame,
    log_admissions: np.ndarray[Any, np.dtype[np.float64]],
    params: PointParams,
    levels: dict[str, list[str]],
    *,
    num_threads: int,
    seed: int,
) -> lgb.Booster:
    """Fit LightGBM (L2 on log admissions) with more copies never predicting fewer admissions.

    `num_threads` is MERCREDI_NUM_THREADS (0: auto), resolved by `training_threads` at each fit
    so a long training gives cores back when another job starts.
    """
    frame = booster_input(model_input(features), levels)
    lgb_params = booster_params(params, objective="regression", num_threads=num_threads, seed=seed)
    dataset = lgb.Dataset(
        frame,
        label=log_admissions,
        weight=recency_weights(features, params.recency_half_life_years),
        categorical_feature=list(CATEGORICAL_FEATURES),
    )
    return lgb.train(lgb_params, dataset, num_boost_round=params.num_boost_round)
