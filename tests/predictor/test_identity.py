"""One film identity for forecasts and the warehouse: a forecast joins its actual first week."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from landing.layout import landing_file_path, write_landing_file
from predictor.data import History, read_releases
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.registry import RegisteredVersion
from predictor.predict import predict_with, record_forecasts
from tests.predictor.conftest import settings_for
from tests.warehouse.factories import release, small_history, week
from warehouse.identity import film_id_for
from warehouse.refresh import refresh_warehouse

WEDNESDAY = "2023-01-04"


def test_a_forecast_joins_the_actual_first_week_of_its_film(
    tmp_path: Path, forecaster: FirstWeekForecaster, recent_history: History
) -> None:
    settings = settings_for(tmp_path / "data").model_copy(
        update={"history_dir": small_history(tmp_path / "history")}
    )
    # The releases spider announces two films; the warehouse takes them in.
    releases = write_landing_file(
        landing_file_path(settings.landing, "tmdb", "releases", "20221228T000000Z-releases"),
        [
            release("Un été discret", WEDNESDAY, None, source="tmdb", source_id=77),
            release("Suite Spectaculaire 2", WEDNESDAY, 800, source="tmdb", source_id=78),
        ],
    )
    assert releases == 2
    refresh_warehouse(settings)
    announced = read_releases(
        landing_file_path(settings.landing, "tmdb", "releases", "20221228T000000Z-releases")
    )
    assert announced["film_id"].to_list() == [
        film_id_for("Un été discret", WEDNESDAY),
        film_id_for("Suite Spectaculaire 2", WEDNESDAY),
    ]
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        in_warehouse = connection.execute(
            "SELECT film_id FROM fct_release ORDER BY film_id"
        ).fetchall()
    assert sorted(announced["film_id"].to_list()) == [row[0] for row in in_warehouse]

    predictions = predict_with(forecaster, announced, recent_history)
    assert record_forecasts(predictions, RegisteredVersion("1", "run-1"), settings) == 2

    # A week later JP's chart lands their week 1, titles spelt its own way and no TMDB id.
    write_landing_file(
        landing_file_path(settings.landing, "jpbox-office", "weeks", "20230111T000000Z-chart"),
        [
            week("UN ÉTÉ DISCRET", WEDNESDAY, 41_000, source_id=9001),
            week("Suite spectaculaire 2 !", WEDNESDAY, 612_000, source_id=9002, copies=790),
        ],
    )
    refresh_warehouse(settings)
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        joined = connection.execute(
            "SELECT p.title, p.kind, p.p50, w.admissions, w.week_start "
            "FROM fct_prediction p JOIN fct_first_week w USING (film_id) ORDER BY w.admissions"
        ).fetchall()
    assert [(title, kind, admissions) for title, kind, _, admissions, _ in joined] == [
        ("Un été discret", "forecast", 41_000),
        ("Suite Spectaculaire 2", "forecast", 612_000),
    ]
    assert {row[4] for row in joined} == {dt.date(2023, 1, 4)}
    p50 = dict(zip(predictions["title"], predictions["p50"], strict=True))
    assert [row[2] for row in joined] == [p50["Un été discret"], p50["Suite Spectaculaire 2"]]
