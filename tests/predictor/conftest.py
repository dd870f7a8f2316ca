"""Fixtures of the predictor's tests: hand-made films, and the real history through a warehouse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from predictor.config import PredictorSettings
from predictor.data import History, load_history, releases_frame
from predictor.decision.walk import decision_tables
from predictor.model.conformal import calibrate
from predictor.model.fitting import (
    blind_margins,
    feature_table,
    fit_forecaster,
    hidden_feature_table,
    rolling_origin,
)
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.point import PointParams
from tests.conftest import HISTORY_DIR
from warehouse.refresh import refresh_warehouse

SAMPLE_FROM = dt.date(2015, 1, 1)
"""Training tests learn from films released since then (about 3,000): seconds, not minutes."""
FAST = PointParams(learning_rate=0.1, num_boost_round=120)
"""A point model setting that fits the sample in about a second."""


def film(
    film_id: str,
    release_date: str,
    *,
    admissions: int | None = None,
    copies: int | None = 100,
    **facts: Any,
) -> dict[str, Any]:
    """One film row with the warehouse's columns; unspecified facts are null."""
    row: dict[str, Any] = {
        "film_id": film_id,
        "title": facts.pop("title", f"Film {film_id}"),
        "original_title": None,
        "release_date": dt.date.fromisoformat(release_date),
        "genre": "Drame",
        "nationality": "France",
        "runtime_min": 100,
        "director": None,
        "cast": [],
        "distributor": None,
        "budget": None,
        "budget_currency": None,
        "age_rating": None,
        "copies": copies,
    }
    row.update(facts)
    frame = releases_frame([row])
    return {**frame.row(0, named=True), "admissions": admissions}


def films_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Rows of `film` as a frame (admissions Int64)."""
    admissions = [row["admissions"] for row in rows]
    base = releases_frame([{k: v for k, v in row.items() if k != "admissions"} for row in rows])
    return base.with_columns(pl.Series("admissions", admissions, dtype=pl.Int64))


def settings_for(data_dir: Path) -> PredictorSettings:
    """Settings of an instance living entirely in `data_dir`."""
    return PredictorSettings(data_dir=data_dir, history_dir=HISTORY_DIR, num_threads=1)


@pytest.fixture(scope="session")
def warehouse_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose warehouse is refreshed once from the real seed history."""
    data_dir = tmp_path_factory.mktemp("predictor-warehouse")
    refresh_warehouse(settings_for(data_dir))
    return data_dir


@pytest.fixture(scope="session")
def history(warehouse_dir: Path) -> History:
    """Every film of the seed history with its first week, read back from the warehouse."""
    return load_history(settings_for(warehouse_dir))


@pytest.fixture(scope="session")
def recent_history(history: History) -> History:
    """The films released since SAMPLE_FROM: the training tests' small sample."""
    return History(
        films=history.films.filter(pl.col("release_date") >= SAMPLE_FROM), weeks=history.weeks
    )


TEST_FROM = dt.date(2022, 1, 5)
TEST_TO = dt.date(2023, 1, 4)
"""The sample's last year, predicted out of time by the tests of the models for films and weeks
without copies."""


@pytest.fixture(scope="session")
def tables(recent_history: History) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The recent sample's features, and the same films with their copies and distributor
    hidden (a release as TMDB gives it)."""
    return decision_tables(recent_history)


@pytest.fixture(scope="session")
def forecaster(recent_history: History) -> FirstWeekForecaster:
    """A forecaster fitted with FAST on the recent sample, calibrated on one fold."""
    table = feature_table(recent_history)
    end = table.get_column("release_week").max()
    validation = rolling_origin(table, end, FAST, num_threads=1, seed=7, n_folds=1)  # type: ignore[arg-type]
    calibration = calibrate(validation.residuals_with_copies, validation.residuals_without_copies)
    hidden = hidden_feature_table(recent_history, table)
    return fit_forecaster(
        table,
        FAST,
        calibration,
        num_threads=1,
        seed=7,
        hidden_table=hidden,
        margins_without_copies=blind_margins(
            hidden,
            end,  # type: ignore[arg-type]
            FAST,
            validation.residuals_with_copies,
            num_threads=1,
            seed=7,
            n_folds=1,
        ),
    )
