"""The cockpit as the team sees it: `mercredi serve cockpit` on a free port, every page opened
in headless Chromium with every request off 127.0.0.1 refused (nothing from a CDN), no
exception on screen, and a screenshot of each page in `test-artifacts/`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.browser import CHROMIUM, offline_page
from tests.cockpit.conftest import CockpitWarehouse
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = REPO_ROOT / "test-artifacts"
# url path (the default page is the root), screenshot name, what the page must show once drawn
PAGES = [
    ("", "audience", "Spectateurs réels"),
    ("precision", "precision", "Couverture P10-P90"),
    ("backtest", "backtest", "Capture : Modèle"),
    ("films", "films", "Entrées de 1re semaine (total)"),
    ("donnees", "donnees", "Lignes en quarantaine"),
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def cockpit_url(
    cockpit_warehouse: CockpitWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The cockpit served by `mercredi serve cockpit` over the full test warehouse."""
    port = _free_port()
    workdir = tmp_path_factory.mktemp("cockpit-server")
    environment = {
        **os.environ,
        "MERCREDI_WAREHOUSE_PATH": str(cockpit_warehouse.full),
        "MERCREDI_DATA_DIR": str(workdir / "data"),
    }
    mercredi = Path(sys.executable).with_name("mercredi")
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [str(mercredi), "serve", "cockpit", "--port", str(port)],
        cwd=workdir,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError(
                    f"the cockpit did not start: {(workdir / 'server.log').read_text()}"
                )
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_every_page_draws_offline_in_chromium(cockpit_url: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with offline_page(cockpit_url, viewport={"width": 1440, "height": 2000}, locale="fr-FR") as (
        page,
        refused,
    ):
        for url_path, name, shown in PAGES:
            page.goto(f"{cockpit_url}/{url_path}")
            page.get_by_text(shown, exact=True).first.wait_for(timeout=60_000)
            page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
                timeout=60_000
            )
            charts = page.locator('[data-testid="stPlotlyChart"]')
            for index in range(charts.count()):
                charts.nth(index).scroll_into_view_if_needed()
                charts.nth(index).locator(".main-svg").first.wait_for(timeout=30_000)
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(1500)  # let the charts finish their transitions
            assert page.locator('[data-testid="stException"]').count() == 0, name
            assert page.get_by_text("Page not found").count() == 0, name
            page.screenshot(path=str(ARTIFACTS / f"cockpit-{name}.png"))
    assert refused == []
    for _, name, _ in PAGES:
        assert (ARTIFACTS / f"cockpit-{name}.png").stat().st_size > 20_000
