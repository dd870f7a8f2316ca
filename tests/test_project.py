"""The repository keeps its promises: import rules, documented settings, no shared data inside."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from tests.conftest import FIXTURES_DIR, HISTORY_DIR, REPO_ROOT


def _settings_classes() -> list[type[BaseSettings]]:
    import importlib

    classes: list[type[BaseSettings]] = []
    for path in sorted(REPO_ROOT.glob("*/*.py")):
        if path.parts[-2] in {"tests", "benchmarks", ".venv", "data"} or path.stem not in {
            "settings",
            "config",
        }:
            continue
        module = importlib.import_module(f"{path.parts[-2]}.{path.stem}")
        classes.extend(
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, BaseSettings)
            and value is not BaseSettings
        )
    return classes


def test_every_setting_is_listed_in_env_example() -> None:
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (REPO_ROOT / ".env.example").read_text(), re.M))
    classes = _settings_classes()
    assert classes, "no settings class found"
    for settings_class in classes:
        prefix = settings_class.model_config.get("env_prefix", "")
        for name, field in settings_class.model_fields.items():
            alias = field.validation_alias
            names = {f"{prefix}{name}".upper()}
            if isinstance(alias, AliasChoices):  # e.g. the standard DATABASE_URL
                names = {str(choice).upper() for choice in alias.choices}
            assert names & listed, f"{' or '.join(sorted(names))} missing from .env.example"


def test_import_rules_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports)], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_shared_data_is_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    shared_names = {p.name for p in (HISTORY_DIR.iterdir())} | {
        p.name for p in FIXTURES_DIR.iterdir()
    }
    assert not [p for p in tracked if Path(p).name in shared_names - {"README.md"}]
    assert not [p for p in tracked if p.endswith(".duckdb")]


def test_an_empty_setting_means_its_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from predictor.config import PredictorSettings

    (tmp_path / ".env").write_text(
        "MERCREDI_LANDING_DIR=\nMERCREDI_WAREHOUSE_PATH=\nMERCREDI_MLFLOW_ARTIFACTS_DIR=\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MERCREDI_DATA_DIR", "somewhere")
    settings = PredictorSettings()
    assert settings.landing == Path("somewhere/landing")
    assert settings.warehouse == Path("somewhere/warehouse.duckdb")
    assert settings.artifacts_dir == Path("somewhere/mlartifacts")
