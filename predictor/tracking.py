"""MLflow set-up: a local SQLite store and artifact folder by default, never the network."""

from __future__ import annotations

import os

from predictor.config import PredictorSettings


def configure_tracking(settings: PredictorSettings) -> str:
    """Point MLflow at the settings' tracking store and experiment; return the experiment id.

    Telemetry is switched off. A local experiment keeps its artifacts in the data folder.
    """
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    import mlflow

    uri = settings.tracking_uri
    if uri.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    experiment = mlflow.get_experiment_by_name(settings.mlflow_experiment)
    if experiment is not None:
        return str(experiment.experiment_id)
    location = None
    if uri.startswith(("sqlite:", "file:")) or "://" not in uri:
        settings.artifacts_dir.mkdir(parents=True, exist_ok=True)
        location = settings.artifacts_dir.resolve().as_uri()
    return str(mlflow.create_experiment(settings.mlflow_experiment, artifact_location=location))
