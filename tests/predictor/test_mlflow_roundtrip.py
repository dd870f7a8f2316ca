"""Train, register, load by alias, predict, backtest: the whole loop in a temporary folder."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from pathlib import Path
from typing import Any

import duckdb
import mlflow
import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

from cron.cli import app
from predictor.backtest import run_backtest
from predictor.config import CHALLENGER, CHAMPION
from predictor.data import History, read_releases
from predictor.model.registry import (
    RegisteredVersion,
    alias_version,
    load_forecaster,
    model_versions,
    run_values,
)
from predictor.predict import forecast_releases, predict_releases, record_forecasts
from predictor.train import TrainingLockError, train_and_register, training_lock
from tests.conftest import write_jsonl
from tests.predictor.conftest import FAST, settings_for
from tests.predictor.test_model_behaviour import forecaster_input
from warehouse.locking import WarehouseBusyError, warehouse_lock

RELEASES: list[dict[str, Any]] = [
    {
        "source": "jpbox-office",
        "title": "Suite Spectaculaire 2",
        "release_date": "2023-01-04",
        "genre": "Aventure",
        "nationality": "Etats-Unis",
        "runtime_min": 140,
        "cast": [],
        "distributor": "Walt Disney Company",
        "planned_copies": 800,
    },
    {
        "source": "jpbox-office",
        "title": "Un été discret",
        "release_date": "2023-01-04",
        "genre": "Drame",
        "nationality": "France",
        "distributor": "-",
        "planned_copies": None,
    },
]


@pytest.fixture
def instance(tmp_path: Path, warehouse_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with its own copy of the warehouse and nothing else."""
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    data_dir = tmp_path / "instance"
    data_dir.mkdir()
    shutil.copy(warehouse_dir / "warehouse.duckdb", data_dir / "warehouse.duckdb")
    monkeypatch.setenv("MERCREDI_DATA_DIR", str(data_dir))
    return data_dir


def test_a_second_training_of_the_same_folder_stops_at_once(instance: Path) -> None:
    settings = settings_for(instance)
    with training_lock(settings):
        busy = CliRunner().invoke(app, ["train"])
    assert busy.exit_code == 1
    assert f"another training is running (training, pid {os.getpid()}, since" in busy.output
    assert not (instance / "mlflow.db").exists()  # nothing registered, no store created
    with training_lock(settings):  # released: the next training takes it
        pass


def test_a_training_lock_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    settings.training_lock.mkdir()  # a folder where the lock file should be
    with (
        pytest.raises(TrainingLockError, match=r"cannot take the training lock .*DATA_DIR"),
        training_lock(settings),
    ):
        pass


@pytest.mark.slow
def test_train_register_load_predict(
    instance: Path, recent_history: History, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(instance)
    with caplog.at_level(logging.INFO, logger="mercredi.progress"):
        first = train_and_register(settings, history=recent_history, grid=(FAST,), n_folds=1)
    assert first.version == "1" and first.promoted and first.reason == "no champion yet"
    # it said how far it was: 1 setting x 1 fold, 12 monthly refits, 1 fold without copies, final
    progress = [r.getMessage() for r in caplog.records if r.name == "mercredi.progress"]
    assert progress[0] == "training: started"
    assert any(line.startswith("training: 8/15 final test: origin 2022-07-06") for line in progress)
    assert progress[-2].startswith("training: 15/15 final models on every film")
    assert progress[-1].startswith("training: done in ")
    assert first.test_start == dt.date(2022, 1, 5)
    assert 300 < first.metrics["test_films"] < 400
    assert first.metrics["r2_log"] > first.metrics["baseline_copies_r2_log"]
    assert 0.0 < first.metrics["decision_capture"] <= 1.0
    assert (instance / "mlflow.db").exists() and (instance / "mlartifacts").is_dir()
    assert alias_version(settings, CHAMPION) == alias_version(settings, CHALLENGER)

    forecaster, version = load_forecaster(settings, CHAMPION)
    assert version.version == "1"
    releases = read_releases(write_jsonl(instance / "in.jsonl", RELEASES))
    predictions, used = predict_releases(releases, settings, history=recent_history)
    assert used.version == "1"
    assert predictions.get_column("title").to_list() == [r["title"] for r in RELEASES]
    rows = predictions.to_dicts()
    # the registered pyfunc (signature checked by MLflow) gives the same numbers
    pyfunc = mlflow.pyfunc.load_model(f"models:/{settings.model_name}@{CHAMPION}")
    features = forecaster_input(forecaster, releases, recent_history)
    served = pyfunc.predict(features)
    np.testing.assert_allclose(served["p50"].to_numpy(), predictions["p50"].to_numpy())
    # the ranking model was trained and registered with it: it orders the announced films
    assert forecaster.has_ranker and run_values(version.run_id)[1]["ranker"] == "lambdarank"
    scores = forecaster.rank_scores(features)
    assert scores is not None and scores[0] > scores[1]
    for row in rows:
        assert 0 < row["p10"] <= row["p50"] <= row["p90"]
    assert rows[0]["p50"] > rows[1]["p50"]
    # the film without planned copies is the less certain one
    assert rows[1]["p90"] / rows[1]["p10"] > rows[0]["p90"] / rows[0]["p10"]

    # `mercredi predict` writes the CSV and appends the same forecasts to fct_prediction
    out = instance / "forecasts.csv"
    predicted = CliRunner().invoke(
        app, ["predict", "--releases", str(instance / "in.jsonl"), "--out", str(out)]
    )
    assert predicted.exit_code == 0, predicted.output
    assert "2 forecasts appended to fct_prediction" in predicted.output
    with duckdb.connect(str(instance / "warehouse.duckdb"), read_only=True) as connection:
        stored = connection.execute(
            "SELECT title, kind, model_version, run_id, as_of_date, release_date, p10, p50, p90 "
            "FROM fct_prediction ORDER BY p50 DESC"
        ).fetchall()
    assert [row[0] for row in stored] == [r["title"] for r in RELEASES]
    for record, expected in zip(stored, rows, strict=True):
        assert record[1:4] == ("forecast", "1", version.run_id)
        assert record[4] == dt.datetime.now(dt.UTC).date() and record[5] == dt.date(2023, 1, 4)
        np.testing.assert_allclose(record[6:], [expected["p10"], expected["p50"], expected["p90"]])

    # all or nothing: with the warehouse busy, neither the CSV nor the forecasts are written
    csv_before = out.read_bytes()
    with warehouse_lock(settings.warehouse), pytest.raises(WarehouseBusyError):
        forecast_releases(instance / "in.jsonl", out, settings, wait_seconds=0.2)
    assert out.read_bytes() == csv_before
    assert [p.name for p in instance.glob(".forecasts.csv*")] == []
    with duckdb.connect(str(instance / "warehouse.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM fct_prediction").fetchone() == (2,)

    second = train_and_register(settings, history=recent_history, grid=(FAST,), n_folds=1)
    assert second.version == "2"
    assert "same weeks" in second.reason
    assert second.promoted  # same data, same seed: not worse
    listed = model_versions(settings)
    assert [row["version"] for row in listed] == ["2", "1"]
    assert CHAMPION in listed[0]["aliases"]

    runner = CliRunner()
    promoted = runner.invoke(app, ["model", "promote", "1"])
    assert promoted.exit_code == 0, promoted.output
    assert alias_version(settings, CHAMPION).version == "1"  # type: ignore[union-attr]
    unknown = runner.invoke(app, ["model", "promote", "9"])
    assert unknown.exit_code == 1 and "no version '9'" in unknown.output

    # a backtest refits with the champion's settings, read back from its run
    backtest = run_backtest(
        settings, dt.date(2022, 12, 1), dt.date(2022, 12, 28), "month", history=recent_history
    )
    assert backtest.model_version == "1+walk-forward"
    assert backtest.steps == 1 and backtest.rows_written == backtest.films > 10


@pytest.mark.slow
def test_backtest_writes_predictions(
    instance: Path, recent_history: History, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(instance)
    with caplog.at_level(logging.INFO, logger="mercredi.progress"):
        outcome = run_backtest(
            settings, dt.date(2022, 11, 1), dt.date(2022, 11, 30), "week", history=recent_history
        )
    assert outcome.steps == 5 and outcome.model_version == "defaults+walk-forward"
    progress = [r.getMessage() for r in caplog.records if r.name == "mercredi.progress"]
    assert progress[0] == "backtest: started" and progress[-1].startswith("backtest: done in")
    assert progress[-2].startswith("backtest: 8/8 origin 2022-11-30")  # 3 folds, then 5 weeks
    with duckdb.connect(str(instance / "warehouse.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "SELECT count(*), min(release_date), max(release_date), "
            "count(DISTINCT as_of_date), min(release_date - as_of_date), "
            "bool_and(kind = 'backtest') FROM fct_prediction"
        ).fetchone()
    assert rows is not None
    count, first, last, as_of_dates, min_lag, all_backtest = rows
    assert count == outcome.rows_written == outcome.films > 20
    assert first >= dt.date(2022, 11, 1) and last <= dt.date(2022, 11, 30)
    assert as_of_dates == 5 and min_lag >= 14 and all_backtest


def test_predict_without_champion_says_to_train(instance: Path) -> None:
    write_jsonl(instance / "in.jsonl", RELEASES)
    result = CliRunner().invoke(
        app, ["predict", "--releases", str(instance / "in.jsonl"), "--out", str(instance / "o.csv")]
    )
    assert result.exit_code == 1
    assert "run `mercredi train`" in result.output
    assert not (instance / "o.csv").exists()


def test_forecasts_are_not_recorded_without_a_warehouse(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "empty")
    predictions = pl.DataFrame(
        {
            "film_id": ["f1"],
            "title": ["Film f1"],
            "release_date": [dt.date(2023, 1, 4)],
            "p10": [1.0],
            "p50": [2.0],
            "p90": [3.0],
        }
    )
    written = record_forecasts(predictions, RegisteredVersion("1", "run-1"), settings)
    assert written == 0
    assert not settings.warehouse.exists()
