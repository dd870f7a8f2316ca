"""compose.yml and the Dockerfile, checked without a Docker engine: `docker-compose config`
validates the file, every command exists in the CLI, every variable is in .env.example, every
secret is required, build contexts and mounted files exist, every server has a healthcheck."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO_ROOT
from tests.cron.cli_tree import missing_command

COMPOSE = REPO_ROOT / "compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)(:?[-?][^}]*)?\}")
SECRET = re.compile(r"\$\{([A-Z0-9_]+):\?[^}]+\}")


def _secrets() -> set[str]:
    return set(SECRET.findall(COMPOSE.read_text()))


def _config(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.fail("docker-compose is missing: install Debian's docker-compose (make test does)")
    env = {k: v for k, v in os.environ.items() if k not in _secrets()} | environment
    return subprocess.run(
        [tool, "--project-directory", str(REPO_ROOT), "-f", str(COMPOSE), "config"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def resolved() -> dict[str, Any]:
    result = _config({name: f"test-{name.lower()}" for name in _secrets()})
    assert result.returncode == 0, result.stderr
    config: dict[str, Any] = yaml.safe_load(result.stdout)
    return config


def test_docker_compose_validates_the_file(resolved: dict[str, Any]) -> None:
    assert set(resolved["services"]) == {
        "postgres",
        "mlflow",
        "warehouse-init",
        "train-init",
        "portal-init",
        "api",
        "portal",
        "cockpit",
        "cron",
    }
    assert set(resolved["volumes"]) == {"postgres", "data", "mlartifacts"}


def test_every_secret_is_required_and_named_when_missing() -> None:
    secrets = _secrets()
    assert {
        "POSTGRES_PASSWORD",
        "MERCREDI_SECRET_KEY",
        "MERCREDI_API_TOKEN",
        "MERCREDI_MANAGER_PASSWORD",
    } <= secrets
    missing = "POSTGRES_PASSWORD"
    result = _config(dict.fromkeys(secrets - {missing}, "x"))
    assert result.returncode != 0
    assert missing in result.stderr and "a long random string" in result.stderr


def test_every_service_command_exists(resolved: dict[str, Any]) -> None:
    for name, service in resolved["services"].items():
        command = service.get("command")
        if name == "postgres":
            assert command is None
            continue
        assert isinstance(command, list), name
        if name == "cron":
            assert command == ["supercronic", "/app/cron/crontab"]
            assert (REPO_ROOT / "cron" / "crontab").is_file()
            continue
        assert missing_command(shlex.join(command)) is None, name


def test_every_variable_is_in_env_example() -> None:
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (REPO_ROOT / ".env.example").read_text(), re.M))
    used = {name for name, _ in VARIABLE.findall(COMPOSE.read_text())}
    assert used - listed == set()


def test_build_contexts_mounts_and_copied_folders_exist(resolved: dict[str, Any]) -> None:
    stages = set(re.findall(r"^FROM \S+ AS (\S+)$", DOCKERFILE.read_text(), re.M))
    for name, service in resolved["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0] if isinstance(volume, str) else volume["source"]
            if source.startswith("/"):  # a bind mount: the repository's file, or the history
                assert Path(source).exists(), (name, source)
        build = service.get("build")
        if build is None:
            assert name == "postgres"
            continue
        assert (REPO_ROOT / build["context"]).is_dir(), name
        assert (REPO_ROOT / build["context"] / build["dockerfile"]).is_file(), name
        assert build["target"] in stages, name
    copied = {
        line.split()[1]
        for line in DOCKERFILE.read_text().splitlines()
        if line.startswith("COPY ") and "--from" not in line
    }
    packages = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"][
        "targets"
    ]["wheel"]["packages"]
    assert set(packages) <= copied  # a new package is not forgotten in the image
    assert all((REPO_ROOT / path).exists() for path in copied)
    assert (REPO_ROOT / ".dockerignore").read_text().splitlines()[:2] == [".git", ".venv"]


def test_servers_have_healthchecks_and_start_in_order(resolved: dict[str, Any]) -> None:
    services = resolved["services"]
    one_shot = {"warehouse-init", "train-init", "portal-init"}
    for name, service in services.items():
        if name in one_shot:
            assert "restart" not in service, name
            continue
        assert service["restart"] == "unless-stopped", name
        assert service["healthcheck"]["test"], name
        for needed, condition in service.get("depends_on", {}).items():
            wanted = "service_completed_successfully" if needed in one_shot else "service_healthy"
            assert condition["condition"] == wanted, (name, needed)
    assert services["api"]["depends_on"]["train-init"]["condition"].endswith("successfully")
    assert services["mlflow"]["environment"]["MLFLOW_TRACKING_URI"] == ""
    assert services["mlflow"]["environment"]["MERCREDI_MLFLOW_TRACKING_URI"].startswith(
        "postgresql+psycopg://mercredi:test-postgres_password@postgres:5432/mlflow"
    )
    published = [port for service in services.values() for port in service.get("ports", [])]
    assert len(published) == 4  # api, portal, cockpit, mlflow, on the host's loopback only
    assert all(
        (port["host_ip"] if isinstance(port, dict) else str(port).split(":")[0]) == "127.0.0.1"
        for port in published
    )
