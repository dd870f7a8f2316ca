"""Settings: where MLflow writes, and what overrides it."""

from __future__ import annotations

from pathlib import Path

import pytest

from predictor.config import get_predictor_settings


def test_tracking_lives_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.setenv("MERCREDI_MLFLOW_ARTIFACTS_DIR", "")  # as copied from .env.example
    settings = get_predictor_settings()
    assert settings.tracking_uri == f"sqlite:///{(tmp_path / 'data' / 'mlflow.db').resolve()}"
    assert settings.artifacts_dir == tmp_path / "data" / "mlartifacts"
    assert settings.warehouse == tmp_path / "data" / "warehouse.duckdb"


def test_mlflow_tracking_uri_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)  # MLflow sets it in-process
    monkeypatch.setenv("MERCREDI_MLFLOW_TRACKING_URI", "sqlite:///elsewhere.db")
    assert get_predictor_settings().tracking_uri == "sqlite:///elsewhere.db"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://mlflow:5000")
    assert get_predictor_settings().tracking_uri == "http://mlflow:5000"
