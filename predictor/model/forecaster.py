"""The trained forecaster: point model + calibration, from features to national P10/P50/P90."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from predictor.features import FEATURE_COLUMNS
from predictor.model.conformal import IntervalCalibration
from predictor.model.lgbm import lgb
from predictor.model.point import booster_input, model_input
from predictor.threads import PREDICT_THREADS


@dataclass
class FirstWeekForecaster:
    """Everything needed to predict: the booster (as LightGBM text), category levels, margins."""

    booster_text: str
    levels: dict[str, list[str]]
    calibration: IntervalCalibration
    columns: tuple[str, ...] = FEATURE_COLUMNS
    """The input columns it was fitted on, in order (a later code version may add features)."""
    _booster: lgb.Booster | None = None

    @classmethod
    def from_booster(
        cls, booster: lgb.Booster, levels: dict[str, list[str]], calibration: IntervalCalibration
    ) -> FirstWeekForecaster:
        """Wrap a fitted booster."""
        return cls(booster.model_to_string(), levels, calibration, FEATURE_COLUMNS, booster)

    @property
    def booster(self) -> lgb.Booster:
        """The LightGBM model, rebuilt from its text once after unpickling."""
        if self._booster is None:
            self._booster = lgb.Booster(model_str=self.booster_text)
        return self._booster

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_booster"] = None
        return state

    def predict_point(
        self, features: pl.DataFrame | pd.DataFrame, *, num_threads: int = PREDICT_THREADS
    ) -> np.ndarray[Any, Any]:
        """The point prediction of log1p(first-week admissions), before calibration.

        Single-threaded unless `num_threads` says otherwise (a booster rebuilt from text would
        otherwise take every core, however busy the machine).
        """
        return self._point(model_input(features, self.columns), num_threads)

    def _point(self, frame: pd.DataFrame, num_threads: int) -> np.ndarray[Any, Any]:
        prepared = booster_input(frame, self.levels)
        return np.asarray(self.booster.predict(prepared, num_threads=num_threads), dtype=np.float64)

    def predict_log(
        self, features: pl.DataFrame | pd.DataFrame, *, num_threads: int = PREDICT_THREADS
    ) -> pd.DataFrame:
        """P10/P50/P90 of log1p(first-week admissions), one row per film."""
        frame = model_input(features, self.columns)
        point = self._point(frame, num_threads)
        known = frame["log_copies"].notna().to_numpy()
        with_copies, without = self.calibration.with_copies, self.calibration.without_copies
        low = np.where(known, with_copies.low, without.low)
        centre = np.where(known, with_copies.centre, without.centre)
        high = np.where(known, with_copies.high, without.high)
        return pd.DataFrame(
            {"p10": point + low, "p50": point + centre, "p90": point + high}, index=frame.index
        )

    def predict(
        self, features: pl.DataFrame | pd.DataFrame, *, num_threads: int = PREDICT_THREADS
    ) -> pd.DataFrame:
        """P10/P50/P90 of national first-week admissions (people, >= 0), one row per film."""
        return np.expm1(self.predict_log(features, num_threads=num_threads)).clip(lower=0.0)
