"""The MLflow registry: log a forecaster as a pyfunc, aliases `challenger` / `champion`, load one.

The registered model is `mercredi-first-week` (settings: `model_name`); no stages, only aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mlflow
import pandas as pd
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from mlflow.models import infer_signature
from mlflow.pyfunc.model import PythonModel

from predictor.config import CHAMPION, PredictorSettings
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.point import model_input
from predictor.tracking import configure_tracking


class FirstWeekModel(PythonModel):
    """The pyfunc served and registered: feature columns in, national P10/P50/P90 out."""

    def __init__(self, forecaster: FirstWeekForecaster) -> None:
        self.forecaster = forecaster

    def predict(self, context: Any, model_input: pd.DataFrame, params: Any = None) -> pd.DataFrame:
        """P10/P50/P90 of national first-week admissions for each row of features."""
        return self.forecaster.predict(model_input)


class NoChampionError(LookupError):
    """The registry has no model under the `champion` alias."""


@dataclass(frozen=True)
class RegisteredVersion:
    """One version of the registered model."""

    version: str
    run_id: str


def log_forecaster(
    forecaster: FirstWeekForecaster, example: pd.DataFrame, settings: PredictorSettings
) -> RegisteredVersion:
    """Log the forecaster in the active run (signature, input example) and register a version."""
    example_input = model_input(example, forecaster.columns).reset_index(drop=True)
    signature = infer_signature(example_input, forecaster.predict(example_input))
    info = mlflow.pyfunc.log_model(
        name="model",
        python_model=FirstWeekModel(forecaster),
        signature=signature,
        input_example=example_input,
        registered_model_name=settings.model_name,
        pip_requirements=["lightgbm", "pandas", "numpy", "polars"],
    )
    active = mlflow.active_run()
    run_id = active.info.run_id if active is not None else ""
    return RegisteredVersion(version=str(info.registered_model_version), run_id=run_id)


def set_alias(settings: PredictorSettings, alias: str, version: str) -> None:
    """Point `alias` of the registered model at `version`."""
    configure_tracking(settings)
    client = MlflowClient()
    try:
        client.get_model_version(settings.model_name, version)
    except MlflowException:
        raise ValueError(
            f"model {settings.model_name} has no version {version!r}; "
            "see `mercredi model status` for the versions"
        ) from None
    client.set_registered_model_alias(settings.model_name, alias, version)


def alias_version(settings: PredictorSettings, alias: str) -> RegisteredVersion | None:
    """The version under `alias`, or None."""
    configure_tracking(settings)
    try:
        version = MlflowClient().get_model_version_by_alias(settings.model_name, alias)
    except MlflowException:
        return None
    return RegisteredVersion(version=str(version.version), run_id=str(version.run_id))


def load_forecaster(
    settings: PredictorSettings, alias: str = CHAMPION
) -> tuple[FirstWeekForecaster, RegisteredVersion]:
    """The forecaster registered under `alias` (by `models:/<name>@<alias>`) and its version."""
    found = alias_version(settings, alias)
    if found is None:
        raise NoChampionError(
            f"no model {settings.model_name}@{alias} in the registry at {settings.tracking_uri}; "
            "run `mercredi train` first"
        )
    loaded = mlflow.pyfunc.load_model(f"models:/{settings.model_name}@{alias}")
    python_model = loaded.unwrap_python_model()
    if not isinstance(python_model, FirstWeekModel):
        raise TypeError(f"{settings.model_name}@{alias} is not a mercredi first-week model")
    return python_model.forecaster, found


def run_values(run_id: str) -> tuple[dict[str, float], dict[str, str]]:
    """The metrics and parameters logged by a run."""
    run = MlflowClient().get_run(run_id)
    return dict(run.data.metrics), dict(run.data.params)


def model_versions(settings: PredictorSettings) -> list[dict[str, Any]]:
    """Every version of the registered model with its aliases and key test metrics, newest first."""
    configure_tracking(settings)
    client = MlflowClient()
    try:
        registered = client.get_registered_model(settings.model_name)
    except MlflowException:
        return []
    aliases: dict[str, list[str]] = {}
    for alias, version in registered.aliases.items():
        aliases.setdefault(str(version), []).append(alias)
    rows = []
    for version in client.search_model_versions(f"name = '{settings.model_name}'"):
        metrics, params = run_values(version.run_id) if version.run_id else ({}, {})
        rows.append(
            {
                "version": str(version.version),
                "aliases": sorted(aliases.get(str(version.version), [])),
                "run_id": version.run_id,
                "data_end": params.get("data_end"),
                "test_start": params.get("test_start"),
                "decision_capture": metrics.get("decision_capture"),
                "median_ape": metrics.get("median_ape"),
                "r2_log": metrics.get("r2_log"),
                "coverage_p10_p90": metrics.get("coverage_p10_p90"),
            }
        )
    return sorted(rows, key=lambda row: int(row["version"]), reverse=True)
