"""Browser tests: the real predictor API (a small champion over the real history) served by
uvicorn on a free port, the portal on pytest-django's live server, Debian's Chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mlflow
import pytest
import uvicorn

from predictor.api.main import create_app
from predictor.api.settings import ApiSettings
from predictor.config import CHAMPION
from predictor.data import History
from predictor.model.fitting import feature_table
from predictor.model.forecaster import FirstWeekForecaster
from predictor.model.registry import log_forecaster, set_alias
from predictor.tracking import configure_tracking
from tests.conftest import HISTORY_DIR, REPO_ROOT
from tests.predictor.conftest import (  # noqa: F401 - fixtures this package reuses
    FAST,
    forecaster,
    history,
    recent_history,
    warehouse_dir,
)

TOKEN = "portal-browser-test-token-0123456789"

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "test-artifacts" / "portal"


class ApiServer:
    """The real API in a uvicorn thread; `stop()` takes it down (the "API stopped" test)."""

    def __init__(self, app: Any) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.listener]}, daemon=True
        )

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the predictor API did not start within 120 s")
            time.sleep(0.1)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.listener.close()


@pytest.fixture(scope="module")
def real_api(
    tmp_path_factory: pytest.TempPathFactory,
    warehouse_dir: Path,  # noqa: F811
    forecaster: FirstWeekForecaster,  # noqa: F811
    recent_history: History,  # noqa: F811
) -> Iterator[ApiServer]:
    """The predictor API over its own data folder: the real warehouse and a small champion."""
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    data_dir = tmp_path_factory.mktemp("portal-api")
    shutil.copy(warehouse_dir / "warehouse.duckdb", data_dir / "warehouse.duckdb")
    settings = ApiSettings(
        data_dir=data_dir,
        history_dir=HISTORY_DIR,
        num_threads=1,
        api_token=TOKEN,
    )
    # The small champion (FAST settings, the recent films), registered as a training run would.
    with mlflow.start_run(experiment_id=configure_tracking(settings), run_name="portal-browser"):
        mlflow.log_params({**FAST.as_dict(), **forecaster.calibration.as_dict()})
        example = feature_table(
            History(films=recent_history.films.tail(5), weeks=recent_history.weeks)
        )
        registered = log_forecaster(forecaster, example, settings)
    set_alias(settings, CHAMPION, registered.version)
    server = ApiServer(create_app(settings))
    server.start()
    yield server
    server.stop()
    monkeypatch.undo()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless (never a downloaded browser).

    Playwright's sync API runs an event loop in the test's thread; the test's own ORM calls
    are still synchronous, one at a time, so Django's async guard is lifted for the module.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            yield chromium
            chromium.close()
    finally:
        monkeypatch.undo()


@pytest.fixture
def portal_for_real_api(settings: Any, real_api: ApiServer) -> ApiServer:
    """Point the portal at the real API (token, and a timeout that allows a replay's fit)."""
    settings.MERCREDI_API_URL = real_api.url
    settings.MERCREDI_API_TOKEN = TOKEN
    settings.MERCREDI_API_TIMEOUT_S = 60.0
    return real_api


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/portal/ (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
