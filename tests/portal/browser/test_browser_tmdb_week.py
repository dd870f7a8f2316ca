"""Next Wednesday as TMDB announces it (no planned copies, no distributor), in Chromium against
the real predictor API: the portal says how the rooms were chosen without copies, and once the
manager types one film's copies the expected-receipts calculation is back and its range narrows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from landing.layout import landing_file_path, write_landing_file
from landing.weeks import next_wednesday
from portal.cinemas.services import cinema_init
from predictor.api.settings import ApiSettings
from tests.api_server import ApiServer
from tests.portal.browser.conftest import shot
from tests.warehouse.factories import release
from warehouse.refresh import refresh_warehouse

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "un-mot-de-passe-long"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NOTE = "p[data-chosen-by='ranking']"
TYPED_COPIES = 900


def _tmdb(title: str, wednesday: str, source_id: int, **facts: Any) -> dict[str, Any]:
    """A release as the TMDB spider lands it: neither planned copies nor distributor."""
    return release(
        title, wednesday, None, source="tmdb", source_id=source_id, distributor=None, **facts
    )


@pytest.fixture(scope="module")
def announced(instance: ApiSettings) -> Iterator[str]:
    """Four releases landed by TMDB for the portal's next Wednesday, refreshed into the API's
    warehouse; yields the title of the one whose copies the manager types."""
    wednesday = next_wednesday(timezone.localdate()).isoformat()
    blockbuster = "Astérix et Obélix : L'Empire du milieu"
    write_landing_file(
        landing_file_path(instance.landing, "tmdb", "releases", "20261130T000000Z-releases"),
        [
            _tmdb(
                blockbuster,
                wednesday,
                1,
                genre="Comédie",
                director="Guillaume Canet",
                cast=["Guillaume Canet", "Gilles Lellouche", "Marion Cotillard"],
                runtime_min=111,
            ),
            _tmdb("Un petit film discret", wednesday, 2, genre="Drame", runtime_min=88),
            _tmdb("Les Nuits de Saint-Malo", wednesday, 3, genre="Policier", runtime_min=114),
            _tmdb(
                "Le Dernier Samouraï de Tokyo",
                wednesday,
                4,
                genre="Action",
                nationality="Etats-Unis",
                runtime_min=128,
            ),
        ],
    )
    refresh_warehouse(instance)
    yield blockbuster


def _login(browser: Any, base: str, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{base}/connexion/")
    page.fill("#id_username", "gerant")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$|/\?"))
    return page


def _spread(row: Any) -> float:
    """The "écart ×N" (P90 / P10) a candidate's row shows."""
    text = row.locator("td.range .muted").inner_text().replace("\u202f", " ")
    found = re.search(r"×\s*([\d,]+)", text)
    assert found, text
    return float(found.group(1).replace(",", "."))


def test_a_week_without_copies_then_with_the_copies_typed(
    live_server: Any, browser: Any, portal_for_real_api: ApiServer, announced: str
) -> None:
    cinema_init(
        name="New is Always Better",
        manager_username="gerant",
        manager_password=PASSWORD,
        manager_email="gerant@example.fr",
    )
    page = _login(browser, live_server.url, DESKTOP)
    assert "4 films annoncés pour ce mercredi" in page.locator("main").inner_text()
    page.get_by_role("button", name="Calculer la proposition").click()
    page.wait_for_selector("article[data-room='Salle 1']")

    # No film has copies: the note says the rooms follow the ranking learnt without copies.
    note = page.locator(NOTE)
    assert note.is_visible()
    assert "Aucun film de la semaine n'a de copies prévues" in note.inner_text()
    assert page.locator(".tag.replay").count() == 0
    row = page.locator("table.candidates tbody tr").filter(has_text=announced)
    assert row.locator("td[data-label='Copies']").inner_text().strip() == "—"
    blind_spread = _spread(row)
    shot(page, "30-tmdb-week-without-copies-desktop")
    phone = _login(browser, live_server.url, PHONE)
    phone.wait_for_selector(NOTE)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the week without copies scrolls sideways ({width} px)"
    shot(phone, "31-tmdb-week-without-copies-phone")
    phone.context.close()

    # The manager heard the planned copies and the distributor when booking, and types them.
    row.locator("summary", has_text="Distributeur, copies").click()
    row.get_by_label("Distributeur").fill("Pathé")
    row.get_by_label("Copies prévues").fill(str(TYPED_COPIES))
    row.get_by_role("button", name="Enregistrer et recalculer").click()
    page.wait_for_selector("text=Distributeur et copies enregistrés, prévisions recalculées.")

    assert page.locator(NOTE).count() == 0
    row = page.locator("table.candidates tbody tr").filter(has_text=announced)
    assert row.locator(".tag", has_text="saisi").is_visible()
    shown_copies = row.locator("td[data-label='Copies']").inner_text()
    assert shown_copies.replace("\u202f", " ").replace("\xa0", " ").strip() == "900"
    assert _spread(row) < blind_spread, "typing the copies should narrow the film's range"
    shot(page, "32-tmdb-week-with-copies-typed-desktop")
    page.context.close()
