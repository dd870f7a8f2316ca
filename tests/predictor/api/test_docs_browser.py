"""The API's /docs and /redoc as a developer opens them: the API served by uvicorn on a free
port, each page opened in headless Chromium with every request off 127.0.0.1 refused (a machine
without internet), the operations drawn, and a screenshot in `test-artifacts/`."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from predictor.api.main import create_app
from predictor.api.settings import ApiSettings
from predictor.weekly import WeeklyService
from tests.api_server import ApiServer
from tests.browser import CHROMIUM, offline_page
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = REPO_ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def api_url(instance: ApiSettings, service: WeeklyService) -> Iterator[str]:
    """The API over the test instance, served by uvicorn in a thread."""
    server = ApiServer(create_app(instance, service=service))
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


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

    ARTIFACTS.mkdir(exist_ok=True)
    routes = httpx.get(f"{api_url}/openapi.json", timeout=10).json()["paths"]
    with offline_page(api_url, viewport={"width": 1440, "height": 1600}) as (page, refused):
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
    # ReDoc's "API docs by Redocly" footer asks for its logo; offline only that image is missing.
    assert [url for url in refused if not url.endswith("/redoc/logo-mini.svg")] == []
