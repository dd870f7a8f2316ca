"""Behaviour of a model fitted on a small recent sample: copies, uncertainty, film profiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from landing.weeks import week_start_expr
from predictor.data import History
from predictor.features import build_features
from predictor.model.fitting import feature_table, mask_copies
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.point import model_input
from predictor.predict import predict_with
from tests.predictor.conftest import film, films_frame


def forecaster_input(
    forecaster: FirstWeekForecaster, releases: pl.DataFrame, history: History
) -> pd.DataFrame:
    """The model input (pandas, as served) of announced films."""
    features = build_features(releases.lazy(), history.films.lazy(), history.weeks.lazy())
    ordered = releases.select("film_id").join(features.collect(), on="film_id", how="left")
    return model_input(ordered)


@pytest.fixture(scope="module")
def sample_features(recent_history: History) -> pl.DataFrame:
    table = feature_table(recent_history)
    return table.filter(pl.col("log_copies").is_not_null()).sample(60, seed=3)


def test_more_copies_never_predict_fewer_admissions(
    forecaster: FirstWeekForecaster, recent_history: History
) -> None:
    # One film in each of 30 weeks of 2022 gets more and more copies; its week's competition
    # features are rebuilt from the changed copies, everything else stays as it was.
    films = recent_history.films.filter(pl.col("release_date").dt.year() == 2022).with_columns(
        release_week=week_start_expr(pl.col("release_date"))
    )
    targets = films.group_by("release_week").agg(pl.col("film_id").first()).head(30)
    target_ids = targets.get_column("film_id")
    weeks = films.filter(pl.col("release_week").is_in(targets.get_column("release_week")))
    predictions = []
    for copies in (20, 50, 100, 200, 400, 800):
        varied = weeks.with_columns(
            copies=pl.when(pl.col("film_id").is_in(target_ids))
            .then(pl.lit(copies))
            .otherwise(pl.col("copies"))
        ).drop("release_week")
        p50 = predict_with(forecaster, varied, recent_history).filter(
            pl.col("film_id").is_in(target_ids)
        )
        predictions.append(p50.sort("film_id").get_column("p50").to_numpy())
    stacked = np.vstack(predictions)
    assert stacked.shape == (6, 30)
    assert (np.diff(stacked, axis=0) >= -1e-9).all()
    assert (stacked[-1] > 2 * stacked[0]).mean() > 0.9  # and copies matter


def test_interval_widens_without_copies(
    forecaster: FirstWeekForecaster, sample_features: pl.DataFrame
) -> None:
    known = forecaster.predict_log(sample_features)
    unknown = forecaster.predict_log(mask_copies(sample_features))
    width_known = (known["p90"] - known["p10"]).to_numpy()
    width_unknown = (unknown["p90"] - unknown["p10"]).to_numpy()
    assert (width_unknown >= width_known - 1e-9).all()
    assert width_unknown.mean() > width_known.mean()
    assert (known["p10"] <= known["p50"]).all() and (known["p50"] <= known["p90"]).all()


def test_blockbuster_profile_beats_art_house(
    forecaster: FirstWeekForecaster, recent_history: History
) -> None:
    releases = films_frame(
        [
            film(
                "blockbuster",
                "2022-12-21",
                copies=900,
                title="Grand Spectacle",
                genre="Aventure",
                nationality="Etats-Unis",
                runtime_min=150,
                distributor="Walt Disney",
                budget=200_000_000,
                budget_currency="USD",
                age_rating="Tous publics",
            ),
            film(
                "art-house",
                "2022-12-21",
                copies=40,
                title="Petit Drame",
                genre="Drame",
                nationality="Iran",
                runtime_min=95,
                distributor="Bodega Films",
            ),
        ]
    ).drop("admissions")
    predictions = predict_with(forecaster, releases, recent_history)
    by_id = {row["film_id"]: row for row in predictions.iter_rows(named=True)}
    assert by_id["blockbuster"]["p50"] > 20 * by_id["art-house"]["p50"]
    assert by_id["blockbuster"]["p10"] > by_id["art-house"]["p90"]


def test_thread_count_does_not_change_predictions(
    forecaster: FirstWeekForecaster, sample_features: pl.DataFrame
) -> None:
    """The API predicts single-threaded (the default), a batch job may use more: same figures."""
    single = forecaster.predict(sample_features)
    double = forecaster.predict(sample_features, num_threads=2)
    np.testing.assert_array_equal(single.to_numpy(), double.to_numpy())
    assert (single["p10"] <= single["p90"]).all()
