"""`make run`'s start script brings every server up on free ports, a second start reuses what
answers and restarts what is down, and `make stop` leaves no process behind. Real processes."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cron.settings import CronSettings
from cron.stack import SERVICES, _group_members, answers, port_is_free, stack_down
from tests.conftest import HISTORY_DIR, REPO_ROOT

pytestmark = pytest.mark.slow

MERCREDI = Path(sys.executable).with_name("mercredi")
PORT_SETTINGS = ("API", "PORTAL", "COCKPIT", "MLFLOW")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def environment(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("MERCREDI_") and key != "MLFLOW_TRACKING_URI"
    }
    env.update(
        {
            "MERCREDI_DATA_DIR": str(tmp_path / "data"),
            "MERCREDI_HISTORY_DIR": str(HISTORY_DIR),
            "MERCREDI_RUN_START_TIMEOUT_S": "300",
            **{f"MERCREDI_RUN_{name}_PORT": str(_free_port()) for name in PORT_SETTINGS},
        }
    )
    yield env
    # Whatever happened above, nothing started here outlives the test.
    stack_down(_settings(env))


def _settings(env: dict[str, str]) -> CronSettings:
    """The settings the `mercredi stack` processes read from `env`."""
    saved = {key: os.environ.get(key) for key in env if key.startswith("MERCREDI_")}
    os.environ.update({key: env[key] for key in saved})
    try:
        return CronSettings()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _stack(
    env: dict[str, str], *arguments: str, expect: int = 0
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(MERCREDI), "stack", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == expect, result.stdout + result.stderr
    return result


def _pids(settings: CronSettings) -> dict[str, int]:
    return {
        service.name: int((settings.run_dir / f"{service.name}.pid").read_text().split()[0])
        for service in SERVICES
    }


def _line(output: str, service_name: str) -> str:
    label = next(service.label for service in SERVICES if service.name == service_name)
    return next(line for line in output.splitlines() if line.strip().startswith(label))


def test_start_reuse_restart_and_make_stop(environment: dict[str, str]) -> None:
    settings = _settings(environment)
    init = subprocess.run(  # as `make run` does before starting the servers
        [str(MERCREDI), "portal", "init"], env=environment, capture_output=True, text=True
    )
    assert init.returncode == 0, init.stdout + init.stderr

    first = _stack(environment, "up")
    for service in SERVICES:
        url = f"http://127.0.0.1:{service.port(settings)}"
        assert answers(url + service.health_path), service.name
        assert f"{url}{service.open_path}" in _line(first.stdout, service.name)
        assert "started / démarré" in _line(first.stdout, service.name)
        assert (settings.logs_dir / f"{service.name}.log").stat().st_size > 0
    token = settings.data_dir / "api-token"
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    assert len(token.read_text().strip()) >= 40
    assert str(token) in first.stdout
    assert "identifiant du gérant: gerant" in first.stdout
    pids = _pids(settings)
    token_text = token.read_text()

    second = _stack(environment, "up")
    assert all("already running / déjà lancé" in _line(second.stdout, s.name) for s in SERVICES)
    assert _pids(settings) == pids
    assert token.read_text() == token_text  # generated once

    # One server dies: the next start restarts it and only it.
    down = SERVICES[0].name
    os.killpg(pids[down], signal.SIGKILL)
    deadline = time.monotonic() + 30
    while _group_members(pids[down]) and time.monotonic() < deadline:
        time.sleep(0.2)
    third = _stack(environment, "up")
    assert "started / démarré" in _line(third.stdout, down)
    restarted = _pids(settings)
    assert restarted[down] != pids[down]
    assert {k: v for k, v in restarted.items() if k != down} == {
        k: v for k, v in pids.items() if k != down
    }

    stopped = subprocess.run(
        ["make", "-s", "stop"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert all(name in stopped.stdout for name in restarted)
    for service in SERVICES:
        assert _group_members(restarted[service.name]) == [], service.name
        assert port_is_free("127.0.0.1", service.port(settings)), service.name
        assert not (settings.run_dir / f"{service.name}.pid").exists()
    again = _stack(environment, "down")
    assert "nothing was running" in again.stdout


def test_a_port_taken_by_another_program_is_named_before_anything_starts(
    environment: dict[str, str],
) -> None:
    settings = _settings(environment)
    taken = SERVICES[-1]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", taken.port(settings)))
        squatter.listen()
        result = _stack(environment, "up", expect=1)
    assert f"port {taken.port(settings)}" in result.stderr
    assert f"MERCREDI_{taken.port_setting.upper()}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not settings.run_dir.exists() or not list(settings.run_dir.glob("*.pid"))
