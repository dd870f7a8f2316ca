"""Data expectations: the warehouse feeds the model what it expects."""

from __future__ import annotations

import polars as pl

from predictor.data import History
from predictor.features import CATEGORICAL_FEATURES, FEATURE_COLUMNS
from predictor.model.fitting import feature_table


def test_history_has_the_contract_columns_and_sane_values(history: History) -> None:
    films = history.films
    assert films.height == 9089
    assert films.get_column("film_id").is_unique().all()
    assert films.get_column("admissions").min() > 0  # type: ignore[operator]
    assert films.filter(pl.col("copies").is_not_null()).get_column("copies").min() >= 1  # type: ignore[operator]
    assert films.get_column("release_date").null_count() == 0
    assert films.schema["cast"] == pl.List(pl.String)
    assert films.get_column("distributor").is_in(["-", "---", ""]).sum() == 0
    weeks = history.weeks
    assert (weeks.get_column("week_start").dt.weekday() == 3).all()  # Wednesdays
    assert weeks.get_column("week_start").is_unique().all()


def test_feature_table_is_complete_and_in_range(history: History) -> None:
    table = feature_table(history)
    assert table.height == history.films.height
    assert set(FEATURE_COLUMNS) <= set(table.columns)
    assert (table.get_column("release_week").dt.weekday() == 3).all()
    assert table.get_column("days_in_first_week").is_between(1, 7).all()
    share = table.get_column("copies_share").drop_nulls()
    assert share.is_between(0.0, 1.0).all()
    assert table.get_column("market_mean_log_adm").drop_nulls().is_between(5.0, 15.0).all()
    # holidays are known for the years the model learns from
    recent = table.filter(pl.col("release_year") >= 2000)
    assert recent.get_column("school_holiday_days").null_count() == 0
    assert recent.get_column("public_holidays").null_count() == 0
    for column in CATEGORICAL_FEATURES:
        assert table.schema[column] == pl.String
    # track records only count earlier films: nobody has a record on the first release week
    first_week = table.filter(pl.col("release_week") == table.get_column("release_week").min())
    assert first_week.get_column("director_prior_films").sum() == 0
