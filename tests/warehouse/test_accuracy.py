"""`mart_forecast_accuracy`: every prediction with its actual first week and its errors, rebuilt
by a refresh and by every write of predictions; one definition of each measure."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import numpy as np
import polars as pl
import pytest

from predictor.model.metrics import interval_coverage, regression_metrics
from warehouse.accuracy import abs_pct_error, log_error, within_factor, within_interval
from warehouse.identity import film_id_for
from warehouse.predictions import write_predictions
from warehouse.refresh import refresh_warehouse
from warehouse.settings import WarehouseSettings


def _prediction(title: str, release: str, p10: float, p50: float, p90: float) -> dict[str, object]:
    release_date = dt.date.fromisoformat(release)
    return {
        "film_id": film_id_for(title, release),
        "title": title,
        "release_date": release_date,
        "as_of_date": release_date - dt.timedelta(days=1),
        "model_name": "mercredi-first-week",
        "model_version": "3",
        "run_id": "run-abc",
        "kind": "backtest",
        "p10": p10,
        "p50": p50,
        "p90": p90,
        "predicted_at": dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC),
    }


def _mart(settings: WarehouseSettings) -> pl.DataFrame:
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        mart: pl.DataFrame = connection.sql(
            "SELECT * FROM mart_forecast_accuracy ORDER BY release_date"
        ).pl()
    return mart


def test_the_mart_scores_each_prediction_and_survives_a_refresh(
    small_settings: WarehouseSettings,
) -> None:
    refresh_warehouse(small_settings)
    assert _mart(small_settings).height == 0  # built, empty, before any prediction
    predictions = pl.DataFrame(
        [
            # actual 400,000: P50 25 % high, inside [P10, P90], within 2x
            _prediction("Les Visiteurs", "1993-01-27", 300_000, 500_000, 700_000),
            # actual 2,600,000: P50 a quarter of it, outside the interval, not within 2x
            _prediction("Astérix et Obélix: Mission Cléopâtre", "2002-01-30", 400e3, 650e3, 1e6),
            # a film with no first week in the warehouse: no row
            _prediction("Pas encore sorti", "2030-01-02", 1.0, 2.0, 3.0),
        ]
    )
    assert write_predictions(predictions, settings=small_settings) == 3
    mart = _mart(small_settings)
    assert mart["title"].to_list() == ["Les Visiteurs", "Astérix et Obélix: Mission Cléopâtre"]
    assert mart["actual_admissions"].to_list() == [400_000.0, 2_600_000.0]
    assert mart["abs_pct_error"].to_list() == pytest.approx([0.25, 0.75])
    assert mart["log_error"][0] == pytest.approx(math.log1p(500_000) - math.log1p(400_000))
    assert mart["within_p10_p90"].to_list() == [True, False]
    assert mart["within_2x"].to_list() == [True, False]
    assert mart["run_id"].to_list() == ["run-abc", "run-abc"]

    refresh_warehouse(small_settings)  # predictions are carried over, the mart rebuilt
    assert _mart(small_settings).drop("predicted_at").equals(mart.drop("predicted_at"))


def test_the_predictor_metrics_aggregate_the_same_definitions() -> None:
    actual = np.array([100.0, 1000.0, 50.0, 400.0])
    predicted = np.array([150.0, 400.0, 120.0, 390.0])
    p10, p90 = predicted * 0.6, predicted * 1.5
    metrics = regression_metrics(actual, predicted)
    assert metrics["median_ape"] == pytest.approx(np.median(abs_pct_error(actual, predicted)))
    assert metrics["median_ape"] == pytest.approx(np.median([0.5, 0.6, 1.4, 0.025]))
    assert metrics["within_2x"] == pytest.approx(0.5)  # 1.5 and 0.975 in, 0.4 and 2.4 out
    assert within_factor(actual, predicted).tolist() == [True, False, False, True]
    assert interval_coverage(actual, p10, p90) == pytest.approx(0.5)
    assert within_interval(actual, p10, p90).tolist() == [True, False, False, True]
    assert log_error([100.0], [-5.0])[0] == pytest.approx(-math.log1p(100.0))
