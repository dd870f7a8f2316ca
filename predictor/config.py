"""The predictor's settings and the MLflow tracking it configures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from pydantic import AliasChoices, Field, field_validator

from landing.settings import load_settings
from predictor.threads import DEFAULT_TRAINING_THREADS
from warehouse.settings import WarehouseSettings

REGISTERED_MODEL_NAME: Final = "mercredi-first-week"
_MODEL_NAME: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")
_TRACKING_URI: Final = re.compile(
    r"^(sqlite:///\S+|file:\S+|https?://[^/\s]+\S*|databricks\S*"
    r"|(postgresql|mysql|mssql)(\+\w+)?://\S+)$"
)
CHAMPION: Final = "champion"
CHALLENGER: Final = "challenger"


class PredictorSettings(WarehouseSettings):
    """The warehouse's settings plus where experiments go and how training behaves.

    `MERCREDI_MLFLOW_TRACKING_URI` (default `sqlite:///<data dir>/mlflow.db`; the standard
    `MLFLOW_TRACKING_URI` overrides both), `MERCREDI_MLFLOW_ARTIFACTS_DIR` (default
    `<data dir>/mlartifacts`), `MERCREDI_MLFLOW_EXPERIMENT`, `MERCREDI_MODEL_NAME`,
    `MERCREDI_NUM_THREADS` (LightGBM threads of training: 0 = auto, see predictor.threads)
    and `MERCREDI_SEED`.
    """

    mlflow_tracking_uri: str | None = Field(
        default=None,
        # The standard MLflow variable first: when both are set, it wins.
        validation_alias=AliasChoices("MLFLOW_TRACKING_URI", "MERCREDI_MLFLOW_TRACKING_URI"),
    )
    mlflow_artifacts_dir: Path | None = None
    mlflow_experiment: str = "mercredi-first-week"
    model_name: str = REGISTERED_MODEL_NAME
    num_threads: int = Field(default=DEFAULT_TRAINING_THREADS, ge=0, le=1024)
    seed: int = Field(default=7, ge=0, le=2**31 - 1)

    @field_validator("mlflow_tracking_uri")
    @classmethod
    def _a_tracking_uri(cls, value: str | None) -> str | None:
        if value is not None and not _TRACKING_URI.match(value):
            raise ValueError(
                "is not an MLflow tracking URI (sqlite:///path/mlflow.db, file:///folder, "
                "http(s)://host:port, postgresql://...)"
            )
        return value

    @field_validator("mlflow_experiment")
    @classmethod
    def _an_experiment_name(cls, value: str) -> str:
        if not value.strip() or len(value) > 200:
            raise ValueError("must be a name of 1 to 200 characters")
        return value

    @field_validator("model_name")
    @classmethod
    def _a_model_name(cls, value: str) -> str:
        # Registry searches quote the name: letters, digits, '_', '.', '-' only.
        if not _MODEL_NAME.match(value):
            raise ValueError("must be 1 to 200 letters, digits, '_', '.' or '-'")
        return value

    @property
    def tracking_uri(self) -> str:
        """`MLFLOW_TRACKING_URI` if set, else `MERCREDI_MLFLOW_TRACKING_URI`, else a SQLite file
        in the data folder."""
        if self.mlflow_tracking_uri:
            return self.mlflow_tracking_uri
        return f"sqlite:///{(self.data_dir / 'mlflow.db').resolve()}"

    @property
    def training_lock(self) -> Path:
        """The file lock a training holds while it runs (one training of a data folder at a time,
        so two never both promote against the same old champion)."""
        return self.data_dir / "training.lock"

    @property
    def artifacts_dir(self) -> Path:
        """Where a new experiment stores its artifacts (local tracking only)."""
        if self.mlflow_artifacts_dir is not None:
            return self.mlflow_artifacts_dir
        return self.data_dir / "mlartifacts"


def get_predictor_settings() -> PredictorSettings:
    """The settings read from the environment (and `.env`), fresh at each call.

    Raises SettingsError naming the environment variable of a wrong value.
    """
    return load_settings(PredictorSettings)
