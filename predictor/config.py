"""The predictor's settings and the MLflow tracking it configures."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from pydantic import Field

from warehouse.settings import WarehouseSettings

REGISTERED_MODEL_NAME: Final = "mercredi-first-week"
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

    mlflow_tracking_uri: str | None = None
    mlflow_artifacts_dir: Path | None = None
    mlflow_experiment: str = "mercredi-first-week"
    model_name: str = REGISTERED_MODEL_NAME
    num_threads: int = Field(default=0, ge=0, le=1024)
    seed: int = 7

    @property
    def tracking_uri(self) -> str:
        """`MLFLOW_TRACKING_URI` if set, else ours, else a SQLite file in the data folder."""
        from_environment = os.environ.get("MLFLOW_TRACKING_URI")
        if from_environment:
            return from_environment
        if self.mlflow_tracking_uri:
            return self.mlflow_tracking_uri
        return f"sqlite:///{(self.data_dir / 'mlflow.db').resolve()}"

    @property
    def artifacts_dir(self) -> Path:
        """Where a new experiment stores its artifacts (local tracking only)."""
        if self.mlflow_artifacts_dir is not None:
            return self.mlflow_artifacts_dir
        return self.data_dir / "mlartifacts"


def get_predictor_settings() -> PredictorSettings:
    """The settings read from the environment (and `.env`), fresh at each call."""
    return PredictorSettings()
