"""MLflow set-up: a local SQLite store and artifact folder by default, never the network."""

from __future__ import annotations

import os

from predictor.config import PredictorSettings


class TrackingError(RuntimeError):
    """The MLflow store cannot be opened (damaged, unreachable, not a store); the message names
    the URI, the variable that sets it and what to do."""


def configure_tracking(settings: PredictorSettings) -> str:
    """Point MLflow at the settings' tracking store and experiment; return the experiment id.

    Telemetry is switched off. A local experiment keeps its artifacts in the data folder.
    Raises TrackingError when the store cannot be opened.
    """
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    import mlflow

    uri = settings.tracking_uri
    try:
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
    except Exception as error:  # MLflow wraps SQLAlchemy, HTTP and OS errors differently
        raise TrackingError(describe_tracking_error(uri, error)) from None


def describe_tracking_error(uri: str, error: BaseException) -> str:
    """One line: which store, what went wrong (first line of the cause), what to do."""
    cause: BaseException = error
    while cause.__cause__ is not None:
        cause = cause.__cause__
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    detail = lines[0][:200] if lines else type(cause).__name__
    return (
        f"the MLflow store {uri} cannot be opened ({detail}); check MLFLOW_TRACKING_URI / "
        "MERCREDI_MLFLOW_TRACKING_URI, or move a damaged mlflow.db aside (a new one is created)"
    )
