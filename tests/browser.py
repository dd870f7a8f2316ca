"""Debian's Chromium for the browser tests, and a page that may only ask the server under test
(every other request is refused and listed: nothing may come from a CDN)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")


@contextmanager
def offline_page(base_url: str, **page_options: Any) -> Iterator[tuple[Any, list[str]]]:
    """A headless Chromium page whose requests off `base_url` are refused; yields the page and
    the list of refused URLs (to assert on once the page has drawn)."""
    from playwright.sync_api import Route, sync_playwright

    refused: list[str] = []

    def local_only(route: Route) -> None:
        if route.request.url.startswith((base_url, "data:", "blob:")):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        try:
            page = browser.new_page(**page_options)
            page.route("**/*", local_only)
            yield page, refused
        finally:
            browser.close()
