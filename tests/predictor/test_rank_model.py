"""The ranking model beside the forecaster: fitted, scored, pickled, and absent in old models."""

from __future__ import annotations

import pickle

import numpy as np
import polars as pl

from predictor.model.fitting import between, fit_booster_on, known_at
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.rank import fit_rank_model
from tests.predictor.conftest import FAST, TEST_FROM, TEST_TO


def _week_top_hits(films: pl.DataFrame, score: str) -> float:
    """The share of weeks whose highest `score` is the week's biggest first week."""
    top = films.sort(score, "film_id", descending=[True, False]).group_by(
        "release_week", maintain_order=True
    )
    best = films.sort("admissions", descending=True).group_by("release_week", maintain_order=True)
    joined = top.first().join(best.first(), on="release_week", suffix="_best")
    return float((joined["film_id"] == joined["film_id_best"]).mean())  # type: ignore[arg-type]


def test_the_ranker_finds_the_weeks_top_film_without_copies_better_than_the_regression(
    tables: tuple[pl.DataFrame, pl.DataFrame], forecaster: FirstWeekForecaster
) -> None:
    table, hidden = tables
    train = known_at(table, TEST_FROM)
    booster, levels = fit_booster_on(train, FAST, num_threads=1, seed=7)
    # as `mercredi train` fits it: on the same films with their own copies and distributor hidden
    ranker, rank_levels = fit_rank_model(known_at(hidden, TEST_FROM), FAST, num_threads=1, seed=7)
    fitted = FirstWeekForecaster.from_booster(booster, levels, forecaster.calibration)
    ranked = fitted.with_ranker(ranker, rank_levels)
    with_copies, with_copies_levels = fit_rank_model(train, FAST, num_threads=1, seed=7)
    trained_with_copies = fitted.with_ranker(with_copies, with_copies_levels)
    blind = between(hidden, TEST_FROM, TEST_TO)
    assert blind.get_column("copies").null_count() == blind.height
    scored = blind.select("film_id", "release_week", "admissions").with_columns(
        rank_score=ranked.rank_scores(blind),
        copies_rank_score=trained_with_copies.rank_scores(blind),
        point=ranked.predict_point(blind),
    )
    assert scored.get_column("release_week").n_unique() == 52
    by_rank, by_point = _week_top_hits(scored, "rank_score"), _week_top_hits(scored, "point")
    by_copies_ranker = _week_top_hits(scored, "copies_rank_score")
    # 2022 out of time, FAST setting: 65.4 % of the weeks, 53.8 % for a ranker trained with
    # copies, 26.9 % for the regression (random: about 15 %)
    assert by_rank >= 0.55 and by_rank > by_copies_ranker > by_point
    # the same films, same seed: the same model
    again, _ = fit_rank_model(known_at(hidden, TEST_FROM), FAST, num_threads=1, seed=7)
    assert again.model_to_string() == ranker.model_to_string()


def test_a_trained_forecaster_carries_its_ranker_through_a_pickle(
    forecaster: FirstWeekForecaster, tables: tuple[pl.DataFrame, pl.DataFrame]
) -> None:
    hidden = tables[1].tail(40)
    assert forecaster.has_ranker
    scores = forecaster.rank_scores(hidden)
    assert scores is not None and scores.shape == (40,) and np.isfinite(scores).all()
    assert np.unique(scores).size > 10  # it tells the films apart
    reloaded = pickle.loads(pickle.dumps(forecaster))
    assert reloaded._rank_booster is None and reloaded.has_ranker
    np.testing.assert_array_equal(reloaded.rank_scores(hidden), scores)


def test_a_forecaster_from_before_the_ranker_still_predicts_and_scores_nothing(
    forecaster: FirstWeekForecaster, tables: tuple[pl.DataFrame, pl.DataFrame]
) -> None:
    films = tables[0].tail(40)
    old = FirstWeekForecaster.from_booster(
        forecaster.booster, forecaster.levels, forecaster.calibration
    )
    assert not old.has_ranker and old.rank_scores(films) is None
    # what a champion pickled by the previous version holds: no ranker fields at all
    state = {
        key: value
        for key, value in old.__getstate__().items()
        if key not in ("rank_booster_text", "rank_levels", "_rank_booster")
    }
    revived = FirstWeekForecaster.__new__(FirstWeekForecaster)
    revived.__setstate__(state)
    assert not revived.has_ranker and revived.rank_scores(films) is None
    np.testing.assert_array_equal(
        revived.predict(films).to_numpy(), forecaster.predict(films).to_numpy()
    )
