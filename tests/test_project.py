"""The repository keeps its promises: import rules, documented settings, no shared data inside."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

from landing.settings import environment_variables
from tests.conftest import FIXTURES_DIR, HISTORY_DIR, REPO_ROOT

PACKAGES = ("landing", "crawlers", "warehouse", "predictor", "portal", "cockpit", "cron")


def _settings_classes() -> list[type[BaseSettings]]:
    """Every pydantic-settings class of the packages, in modules at any depth."""
    import importlib

    classes: list[type[BaseSettings]] = []
    for package in PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            if "BaseSettings" not in path.read_text(encoding="utf-8") and not re.search(
                r"class \w+\(\w*Settings\)", path.read_text(encoding="utf-8")
            ):
                continue
            parts = path.relative_to(REPO_ROOT).with_suffix("").parts
            module = importlib.import_module(".".join(p for p in parts if p != "__init__"))
            classes.extend(
                value
                for value in vars(module).values()
                if isinstance(value, type)
                and issubclass(value, BaseSettings)
                and value is not BaseSettings
                and value.__module__ == module.__name__
            )
    return classes


def test_every_setting_is_listed_in_env_example() -> None:
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (REPO_ROOT / ".env.example").read_text(), re.M))
    classes = _settings_classes()
    assert {c.__name__ for c in classes} >= {
        "DataSettings",
        "WarehouseSettings",
        "PredictorSettings",
        "CrawlerSettings",
    }
    for settings_class in classes:
        for name in settings_class.model_fields:
            variables = environment_variables(settings_class, name)
            for variable in variables:
                assert variable in listed, f"{variable} missing from .env.example"


def test_one_uncached_settings_factory_per_package() -> None:
    """`get_<package>_settings()` reads the environment at each call; no cached `get_settings`."""
    from crawlers.config import get_crawler_settings
    from landing.settings import get_landing_settings
    from predictor.config import get_predictor_settings
    from warehouse.settings import get_warehouse_settings

    for factory in (
        get_landing_settings,
        get_warehouse_settings,
        get_predictor_settings,
        get_crawler_settings,
    ):
        assert not hasattr(factory, "cache_info"), factory.__name__
        assert factory() is not factory()
    for package in PACKAGES:
        for path in (REPO_ROOT / package).rglob("*.py"):
            assert "def get_settings(" not in path.read_text(encoding="utf-8"), path


def test_no_setting_reads_the_environment_itself() -> None:
    """Settings come through pydantic-settings fields (aliases included), not os.environ."""
    from predictor.config import PredictorSettings

    assert environment_variables(PredictorSettings, "mlflow_tracking_uri") == [
        "MLFLOW_TRACKING_URI",
        "MERCREDI_MLFLOW_TRACKING_URI",
    ]
    for path in ("predictor/config.py", "warehouse/settings.py", "crawlers/config.py"):
        assert "os.environ" not in (REPO_ROOT / path).read_text(encoding="utf-8"), path


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
