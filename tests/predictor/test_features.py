"""Features: hand-computed values, and no leakage from later films."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from predictor.data import History
from predictor.features import FEATURE_COLUMNS, build_features
from predictor.features.titles import title_stem
from tests.predictor.conftest import film, films_frame


def _features(rows: list[dict[str, Any]]) -> pl.DataFrame:
    frame = films_frame(rows)
    history = frame.filter(pl.col("admissions").is_not_null())
    return build_features(frame.lazy(), history.lazy()).collect().sort("film_id")


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("L'Âge de glace 3 - Le Temps des dinosaures", "l age de glace"),
        ("Ice Age: Dawn of the Dinosaurs", "ice age"),
        ("Saw II", "saw"),
        ("Astérix et Obélix (2012)", "asterix et obelix"),
        ("Up", None),
    ],
)
def test_title_stem(title: str, stem: str | None) -> None:
    assert pl.select(title_stem(pl.lit(title))).item() == stem


def test_director_record_counts_only_films_known_two_weeks_before() -> None:
    rows = [
        film("a", "2020-01-01", admissions=1000, director="X"),
        film("b", "2020-02-05", admissions=100_000, director="X"),
        # released one week before "d": its first week is not known yet when "d" is programmed
        film("c", "2020-03-04", admissions=5_000_000, director="X"),
        film("d", "2020-03-11", director="X"),
        film("e", "2020-03-11", director="Y"),
    ]
    features = _features(rows)
    d = features.row(by_predicate=pl.col("film_id") == "d", named=True)
    assert d["director_prior_films"] == 2
    assert d["director_mean_log_adm"] == pytest.approx((math.log1p(1000) + math.log1p(100_000)) / 2)
    assert d["director_best_log_adm"] == pytest.approx(math.log1p(100_000))
    e = features.row(by_predicate=pl.col("film_id") == "e", named=True)
    assert e["director_prior_films"] == 0
    assert e["director_mean_log_adm"] is None


def test_cast_and_franchise_records() -> None:
    rows = [
        film("a", "2019-01-02", admissions=400_000, cast=["Star", "Other"], title="Bigfilm"),
        film("b", "2019-06-05", admissions=20_000, cast=["Other"]),
        film("c", "2020-01-08", cast=["Nobody", "Star", "Other"], title="Bigfilm 2: Le Retour"),
    ]
    c = _features(rows).row(by_predicate=pl.col("film_id") == "c", named=True)
    assert c["cast_prior_films"] == 3  # Star: 1 film, Other: 2 films, Nobody: none
    assert c["cast_best_mean_log_adm"] == pytest.approx(math.log1p(400_000))
    assert c["franchise_prior_films"] == 1
    assert c["franchise_best_log_adm"] == pytest.approx(math.log1p(400_000))


def test_competition_calendar_and_budget() -> None:
    rows = [
        film("a", "2021-06-02", copies=600, budget=100_000_000, budget_currency="USD"),
        film("b", "2021-06-02", copies=300, budget=9_000_000, nationality="France"),
        film("c", "2021-06-05", copies=100),  # a Saturday: same cinema week, 4 days of week 1
        film("d", "2021-06-09", copies=None),
    ]
    features = _features(rows)
    by_id = {row["film_id"]: row for row in features.iter_rows(named=True)}
    assert by_id["a"]["same_week_releases"] == 2
    assert by_id["a"]["copies_share"] == pytest.approx(0.6)
    assert by_id["a"]["copies_rank_in_week"] == 1
    assert by_id["c"]["copies_rank_in_week"] == 3
    assert by_id["c"]["release_week"] == dt.date(2021, 6, 2)
    assert by_id["c"]["days_in_first_week"] == 4
    assert by_id["a"]["days_in_first_week"] == 7
    assert by_id["a"]["same_week_log_copies_total"] == pytest.approx(math.log(1001))
    assert by_id["d"]["log_copies"] is None and by_id["d"]["copies_share"] is None
    assert by_id["a"]["log_budget_usd"] == pytest.approx(math.log1p(100_000_000))
    # a French budget without currency is in euros
    assert by_id["b"]["log_budget_usd"] == pytest.approx(math.log1p(10_000_000))


def test_placeholder_distributor_is_unknown() -> None:
    rows = [
        film("a", "2020-01-01", admissions=1000, distributor="---"),
        film("b", "2020-06-03", distributor="-"),
    ]
    b = _features(rows).row(by_predicate=pl.col("film_id") == "b", named=True)
    assert b["distributor"] is None
    assert b["distributor_prior_films"] == 0


def test_features_of_earlier_films_ignore_later_films(history: History) -> None:
    cut = dt.date(2018, 1, 3)  # a Wednesday: every earlier film's cinema week ends before it
    films = history.films.lazy()
    earlier = films.filter(pl.col("release_date") < cut)
    weeks = history.weeks.lazy()
    with_later = build_features(films, films, weeks).filter(pl.col("release_date") < cut).collect()
    without_later = build_features(earlier, earlier, weeks).collect()
    assert with_later.height == without_later.height > 5000
    assert_frame_equal(
        with_later.sort("film_id"), without_later.sort("film_id"), check_row_order=True
    )
    assert set(FEATURE_COLUMNS) <= set(with_later.columns)
