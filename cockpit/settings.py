"""The cockpit's settings: the warehouse it reads and where the MLflow UI answers."""

from __future__ import annotations

from landing.settings import load_settings
from warehouse.settings import WarehouseSettings


class CockpitSettings(WarehouseSettings):
    """The warehouse's settings (`MERCREDI_WAREHOUSE_PATH`, ...) plus `MERCREDI_MLFLOW_UI_URL`
    (default `http://127.0.0.1:5000`), the MLflow UI the accuracy page links its runs to."""

    mlflow_ui_url: str = "http://127.0.0.1:5000"

    @property
    def mlflow_ui(self) -> str:
        """The MLflow UI's address without a trailing slash."""
        return self.mlflow_ui_url.rstrip("/")


def get_cockpit_settings() -> CockpitSettings:
    """The settings read from the environment (and `.env`), fresh at each call."""
    return load_settings(CockpitSettings)
