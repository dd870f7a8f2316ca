"""Browser tests: the real predictor API (a small champion over the real history) served by
uvicorn on a free port, the portal on pytest-django's live server, Debian's Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from predictor.api.main import create_app
from predictor.api.settings import ApiSettings
from tests.api_server import ApiServer
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
