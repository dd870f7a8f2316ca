"""An instance with the real history and a small champion, for the weekly service and the API."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import mlflow
import pytest
from fastapi.testclient import TestClient

from predictor.api.main import create_app
from predictor.api.settings import ApiSettings
from predictor.config import CHAMPION, PredictorSettings
from predictor.data import History
from predictor.model.fitting import feature_table
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.registry import RegisteredVersion, log_forecaster, set_alias
from predictor.tracking import configure_tracking
from predictor.weekly import WeeklyService
from tests.conftest import HISTORY_DIR
from tests.predictor.conftest import FAST

TOKEN = "test-token-with-enough-entropy"
TODAY = dt.date(2023, 1, 2)
"""A Monday: the next Wednesday is 2023-01-04, the week after the history's last one."""


def register_champion(
    settings: PredictorSettings, forecaster: FirstWeekForecaster, history: History
) -> RegisteredVersion:
    """Log `forecaster` (fitted with FAST) as a new version and make it the champion, with the
    parameters a training run logs (its settings and calibration) and what it was fitted on."""
    experiment_id = configure_tracking(settings)
    with mlflow.start_run(experiment_id=experiment_id, run_name="test-champion"):
        mlflow.log_params({**FAST.as_dict(), **forecaster.calibration.as_dict()})
        mlflow.log_metric("train_films", float(history.films.height))
        example = feature_table(History(films=history.films.tail(5), weeks=history.weeks))
        registered = log_forecaster(forecaster, example, settings)
    set_alias(settings, CHAMPION, registered.version)
    return registered


def instance_settings(data_dir: Path, **values: object) -> ApiSettings:
    """API settings of an instance living in `data_dir`."""
    return ApiSettings(
        data_dir=data_dir,
        history_dir=HISTORY_DIR,
        num_threads=1,
        api_token=TOKEN,
        **values,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def instance(
    tmp_path_factory: pytest.TempPathFactory,
    warehouse_dir: Path,
    forecaster: FirstWeekForecaster,
    recent_history: History,
) -> Iterator[ApiSettings]:
    """A data folder with its own warehouse (the real history) and a registered champion."""
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    data_dir = tmp_path_factory.mktemp("api-instance")
    shutil.copy(warehouse_dir / "warehouse.duckdb", data_dir / "warehouse.duckdb")
    settings = instance_settings(data_dir)
    register_champion(settings, forecaster, recent_history)
    yield settings
    monkeypatch.undo()


@pytest.fixture(scope="module")
def service(instance: ApiSettings) -> WeeklyService:
    """The weekly service of the instance, loaded, on a fixed today."""
    weekly = WeeklyService(instance, today=lambda: TODAY)
    weekly.reload()
    return weekly


@pytest.fixture(scope="module")
def client(instance: ApiSettings, service: WeeklyService) -> Iterator[TestClient]:
    """A TestClient of the API over the instance, with the token."""
    app = create_app(instance, service=service)
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client
