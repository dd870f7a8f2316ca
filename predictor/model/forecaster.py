"""The trained forecaster: point model + calibration, from features to national P10/P50/P90,
and (from `mercredi train`) the point model of the films without copies and the ranking model
used for the weeks nobody gave copies."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields, replace
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from predictor.features import FEATURE_COLUMNS
from predictor.model.conformal import IntervalCalibration, Margins
from predictor.model.lgbm import lgb
from predictor.model.point import booster_input, model_input
from predictor.threads import PREDICT_THREADS


@dataclass
class FirstWeekForecaster:
    """Everything needed to predict: the booster (as LightGBM text), category levels, margins,
    and optionally the ranking model (`predictor.model.rank`) fitted on the same films."""

    booster_text: str
    levels: dict[str, list[str]]
    calibration: IntervalCalibration
    columns: tuple[str, ...] = FEATURE_COLUMNS
    """The input columns it was fitted on, in order (a later code version may add features)."""
    _booster: lgb.Booster | None = None
    rank_booster_text: str | None = None
    """The lambdarank model as LightGBM text; None for a forecaster trained without it (before
    the ranker went into production, or a replay's week-fitted model)."""
    rank_levels: dict[str, list[str]] | None = None
    """The category levels the ranking model knows."""
    _rank_booster: lgb.Booster | None = None
    blind_booster_text: str | None = None
    """The point model fitted on the films with their own copies and distributor hidden, as
    LightGBM text: it predicts every film without copies (the main model's branch for missing
    copies only learnt the old films that lack them). None for a forecaster trained before it."""
    blind_levels: dict[str, list[str]] | None = None
    blind_margins: Margins | None = None
    """P10/P50/P90 offsets of the blind model, from its own out-of-time residuals (the
    calibration's margins without copies stay those of the main model with copies masked, which
    a replay's week-fitted model still uses)."""
    _blind_booster: lgb.Booster | None = None

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

    def with_ranker(
        self, rank_booster: lgb.Booster, rank_levels: dict[str, list[str]]
    ) -> FirstWeekForecaster:
        """The same forecaster with a fitted ranking model (same feature columns)."""
        return replace(
            self,
            rank_booster_text=rank_booster.model_to_string(),
            rank_levels=rank_levels,
            _rank_booster=rank_booster,
        )

    def with_blind_model(
        self, booster: lgb.Booster, levels: dict[str, list[str]], margins: Margins
    ) -> FirstWeekForecaster:
        """The same forecaster predicting films without copies with `booster` (fitted on films
        with their own copies and distributor hidden) and `margins` (from that model's
        out-of-time residuals, `predictor.model.fitting.blind_margins`)."""
        return replace(
            self,
            blind_booster_text=booster.model_to_string(),
            blind_levels=levels,
            blind_margins=margins,
            _blind_booster=booster,
        )

    @property
    def has_blind_model(self) -> bool:
        """Whether films without copies get their own point model."""
        return self.blind_booster_text is not None and self.blind_levels is not None

    @property
    def has_ranker(self) -> bool:
        """Whether it carries a ranking model."""
        return self.rank_booster_text is not None and self.rank_levels is not None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_booster"] = None
        state["_rank_booster"] = None
        state["_blind_booster"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        # A forecaster pickled by an older version lacks the later fields: their defaults.
        for field in fields(self):
            if field.name not in state and field.default is not MISSING:
                state[field.name] = field.default
        self.__dict__.update(state)

    def predict_point(
        self, features: pl.DataFrame | pd.DataFrame, *, num_threads: int = PREDICT_THREADS
    ) -> np.ndarray[Any, Any]:
        """The point prediction of log1p(first-week admissions), before calibration.

        Single-threaded unless `num_threads` says otherwise (a booster rebuilt from text would
        otherwise take every core, however busy the machine).
        """
        return self._predict(model_input(features, self.columns), num_threads)

    def rank_scores(
        self, features: pl.DataFrame | pd.DataFrame, *, num_threads: int = PREDICT_THREADS
    ) -> np.ndarray[Any, Any] | None:
        """The ranking model's scores, one per film (higher: bigger first week in its week;
        comparable within a week only), or None when it has no ranking model.

        Single-threaded unless `num_threads` says otherwise, like `predict_point`.
        """
        if self.rank_booster_text is None or self.rank_levels is None:
            return None
        if self._rank_booster is None:
            self._rank_booster = lgb.Booster(model_str=self.rank_booster_text)
        prepared = booster_input(model_input(features, self.columns), self.rank_levels)
        return np.asarray(
            self._rank_booster.predict(prepared, num_threads=num_threads), dtype=np.float64
        )

    def _predict(
        self, frame: pd.DataFrame, num_threads: int, **options: Any
    ) -> np.ndarray[Any, Any]:
        """The main booster's answer for every row, the blind model's for the rows without
        copies when there is one (`options`: LightGBM's, e.g. pred_contrib)."""
        prepared = booster_input(frame, self.levels)
        answer = np.asarray(
            self.booster.predict(prepared, num_threads=num_threads, **options), dtype=np.float64
        )
        if self.blind_booster_text is None or self.blind_levels is None:
            return answer
        without_copies = frame["log_copies"].isna().to_numpy()
        if without_copies.any():
            if self._blind_booster is None:
                self._blind_booster = lgb.Booster(model_str=self.blind_booster_text)
            blind = booster_input(frame.loc[without_copies], self.blind_levels)
            answer[without_copies] = self._blind_booster.predict(
                blind, num_threads=num_threads, **options
            )
        return answer

    def _without_copies(self) -> Margins:
        if self.has_blind_model and self.blind_margins is not None:
            return self.blind_margins
        return self.calibration.without_copies

    def contributions(
        self, features: pl.DataFrame | pd.DataFrame, *, num_threads: int = PREDICT_THREADS
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Per film, LightGBM's contributions of each input column and the bias (TreeSHAP,
        `pred_contrib`: one column more than `columns`) from the model that predicts it, and the
        P50 centre offset that applies to it: their sum plus the centre is log1p(P50)."""
        frame = model_input(features, self.columns)
        contributions = self._predict(frame, num_threads, pred_contrib=True)
        known = frame["log_copies"].notna().to_numpy()
        centre = np.where(known, self.calibration.with_copies.centre, self._without_copies().centre)
        return contributions, centre

    def predict_log(
        self, features: pl.DataFrame | pd.DataFrame, *, num_threads: int = PREDICT_THREADS
    ) -> pd.DataFrame:
        """P10/P50/P90 of log1p(first-week admissions), one row per film."""
        frame = model_input(features, self.columns)
        point = self._predict(frame, num_threads)
        known = frame["log_copies"].notna().to_numpy()
        with_copies, without = self.calibration.with_copies, self._without_copies()
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
