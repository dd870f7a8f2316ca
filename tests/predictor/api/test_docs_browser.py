"""The API's /docs and /redoc as a developer opens them: the API served by uvicorn on a free
port, each page opened in headless Chromium with every request off 127.0.0.1 refused (a machine
without internet), the operations drawn, and a screenshot in `test-artifacts/`."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from predictor.api.main import create_app
from predictor.api.settings import ApiSettings
from predictor.weekly import WeeklyService
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def api_url(instance: ApiSettings, service: WeeklyService) -> Iterator[str]:
    """The API over the test instance, served by uvicorn in a thread."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(instance, service=service), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the API did not start")
        time.sleep(0.1)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def test_the_docs_pages_serve_their_scripts_themselves(api_url: str) -> None:
    for path in ("/docs", "/redoc"):
        page = httpx.get(f"{api_url}{path}", timeout=10)
        assert page.status_code == 200, path
        assert "cdn." not in page.text, path
    script = httpx.get(f"{api_url}/static-offline-docs/swagger-ui-bundle.js", timeout=10)
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_docs_draw_every_route_offline_in_chromium(api_url: str) -> None:
    from playwright.sync_api import Route, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    refused: list[str] = []
    routes = httpx.get(f"{api_url}/openapi.json", timeout=10).json()["paths"]

    def local_only(route: Route) -> None:
        if route.request.url.startswith((api_url, "data:", "blob:")):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1600})
            page.route("**/*", local_only)
            page.goto(f"{api_url}/docs")
            page.locator(".opblock").first.wait_for(timeout=30_000)
            drawn = page.locator(".opblock .opblock-summary-path").all_inner_texts()
            assert {path.replace("\u200b", "") for path in drawn} == set(routes)
            assert page.get_by_text("mercredi predictor API").count() >= 1
            page.screenshot(path=str(ARTIFACTS / "api-docs.png"))

            page.goto(f"{api_url}/redoc")
            page.get_by_text("mercredi predictor API").first.wait_for(timeout=30_000)
            assert page.locator("[data-section-id^='operation/']").count() >= len(routes)
            page.screenshot(path=str(ARTIFACTS / "api-redoc.png"))
        finally:
            browser.close()
    # ReDoc's "API docs by Redocly" footer asks for its logo; offline only that image is missing.
    assert [url for url in refused if not url.endswith("/redoc/logo-mini.svg")] == []
