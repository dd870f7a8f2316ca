"""Browser tests: the real predictor API (a small champion over the real history) served by
uvicorn on a free port, the portal on pytest-django's live server, Debian's Chromium."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from predictor.api.main import create_app
from predictor.api.settings import ApiSettings
from tests.conftest import REPO_ROOT
from tests.predictor.api.conftest import TOKEN, instance  # noqa: F401 - the API's own fixture
from tests.predictor.conftest import (  # noqa: F401 - fixtures `instance` builds on
    forecaster,
    history,
    recent_history,
    warehouse_dir,
)

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
def real_api(instance: ApiSettings) -> Iterator[ApiServer]:  # noqa: F811
    """The predictor API over the API tests' instance: the real warehouse, a small champion."""
    server = ApiServer(create_app(instance))
    server.start()
    yield server
    server.stop()


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
            # In French, as the manager's browser: date fields read jj/mm/aaaa (needs Debian's
            # chromium-l10n, which `make system-tools` installs).
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--lang=fr-FR"],
                env={**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "fr"},
            )
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
