"""The manager's week in Chromium against the real predictor API: log in, replay the latest
week when nothing is announced, swap and lock, publish, type attendance, read the history,
replay a 2022 week, the phone width, and the pages with the API stopped."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User

from portal.cinemas.services import cinema_init, user_create
from portal.programmes.models import WeekProgramme
from portal.web.roles import Role
from tests.portal.browser.conftest import ApiServer, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "un-mot-de-passe-long"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGES = ("/", "/rejeu/?mercredi=2022-11-09", "/historique/", "/saisie/", "/parametres/")


def _set_up() -> User:
    cinema_init(
        name="New is Always Better",
        manager_username="gerant",
        manager_password=PASSWORD,
        manager_email="gerant@example.fr",
    )
    return User.objects.get(username="gerant")


def _login(browser: Any, base: str, viewport: dict[str, int], username: str = "gerant") -> Any:
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{base}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$|/\?"))
    return page


def _room_title(page: Any, room: str) -> str:
    return str(page.locator(f"article[data-room='{room}'] .film").inner_text()).strip()


def test_the_managers_week(live_server: Any, browser: Any, portal_for_real_api: ApiServer) -> None:
    _set_up()
    page = _login(browser, live_server.url, DESKTOP)
    # Nothing is announced for next Wednesday here (no network): the page offers the replay.
    body = page.locator("main").inner_text()
    assert "Aucun film n'est annoncé" in body
    shot(page, "01-nothing-announced-desktop")
    replay_button = page.get_by_role("button", name=re.compile("^Rejouer le mercredi"))
    replay_button.click()
    page.wait_for_selector("article[data-room='Salle 1']")
    assert page.locator(".tag.replay").first.is_visible()
    assert "Programme proposé" in page.locator("main").inner_text()
    programme = WeekProgramme.objects.get()
    assert programme.is_replay and programme.snapshot["replay"] is True
    shot(page, "02-replay-programme-desktop")

    # Swap the rooms, then lock a third film in Salle 2.
    first, second = _room_title(page, "Salle 1"), _room_title(page, "Salle 2")
    page.locator("article[data-room='Salle 1']").get_by_role(
        "button", name="Échanger avec Salle 2"
    ).click()
    page.wait_for_selector("text=Salles échangées")
    assert (_room_title(page, "Salle 1"), _room_title(page, "Salle 2")) == (second, first)
    other = (
        page.locator("table.candidates tbody tr")
        .filter(has_not_text=re.compile(re.escape(first) + "|" + re.escape(second)))
        .first
    )
    other_title = other.locator("strong").first.inner_text().strip()
    other.locator("select[name=room]").select_option("Salle 2")
    other.get_by_role("button", name="Verrouiller").click()
    page.wait_for_selector("text=Salle verrouillée")
    assert _room_title(page, "Salle 2") == other_title
    assert page.locator("article[data-room='Salle 2'] .tag.lock").is_visible()
    shot(page, "03-locked-and-swapped-desktop")

    # Publish (twice: still one publication), then the staff type attendance.
    page.get_by_role("button", name="Publier le programme").click()
    page.wait_for_selector("text=Programme publié.")
    assert page.get_by_role("button", name="Dépublier pour modifier").is_visible()
    assert WeekProgramme.objects.get().status == "published"
    page.goto(f"{live_server.url}/saisie/")
    inputs = page.locator("form.attendance input[type=number]")
    assert inputs.count() == 14
    inputs.nth(0).fill("97")
    inputs.nth(1).fill("42")
    page.get_by_role("button", name="Enregistrer les entrées").click()
    page.wait_for_selector("text=2 valeur(s) modifiée(s)")
    shot(page, "04-attendance-desktop")
    page.goto(f"{live_server.url}/historique/")
    history = page.locator("table.history").inner_text()
    assert "139" in history  # 97 + 42 typed
    assert page.locator("svg.chart").first.is_visible()
    shot(page, "05-history-desktop")

    # Replay a 2022 week directly by its link.
    page.goto(f"{live_server.url}/rejeu/?mercredi=2022-11-09")
    page.wait_for_selector("text=Ce qui s'est vraiment passé")
    assert "Réel" in page.locator("table.candidates thead").inner_text()
    shot(page, "06-replay-2022-11-09-desktop")
    page.context.close()


def test_every_page_fits_a_phone(
    live_server: Any, browser: Any, portal_for_real_api: ApiServer
) -> None:
    from portal.programmes.services import programme_draft_compute

    manager = _set_up()
    import datetime as dt

    from portal.cinemas.selectors import cinema_get

    programme, _ = programme_draft_compute(
        actor=manager, cinema=cinema_get(), wednesday=dt.date(2022, 12, 14), replay=True
    )
    user_create(actor=manager, username="caisse", password=PASSWORD, role=Role.STAFF)
    page = _login(browser, live_server.url, PHONE)
    for index, path in enumerate(("/?mercredi=2022-12-14&rejeu=on", *PAGES[1:])):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways at 390 px ({width} px)"
        shot(page, f"1{index}-phone-{path.strip('/').split('/')[0].split('?')[0] or 'semaine'}")
    desktop = _login(browser, live_server.url, DESKTOP)
    for path in PAGES[2:]:
        desktop.goto(f"{live_server.url}{path}")
        shot(desktop, f"2{PAGES.index(path)}-desktop-{path.strip('/').split('?')[0]}")
    assert programme.screenings.exclude(film_id=None).count() == 2


def test_pages_with_the_api_stopped(
    live_server: Any, browser: Any, portal_for_real_api: ApiServer
) -> None:
    import datetime as dt

    from portal.cinemas.selectors import cinema_get
    from portal.programmes.services import programme_draft_compute

    manager = _set_up()
    programme_draft_compute(
        actor=manager, cinema=cinema_get(), wednesday=dt.date(2022, 12, 21), replay=True
    )
    portal_for_real_api.stop()  # the last test of the module: the API is gone for good
    page = _login(browser, live_server.url, DESKTOP)
    banner = page.locator(".banner.warn").first
    assert "Service de prévision indisponible" in banner.inner_text()
    assert "dernier programme enregistré" in page.locator("main").inner_text()
    assert page.locator("article[data-room='Salle 1']").is_visible()
    shot(page, "30-api-stopped-desktop")
    page.goto(f"{live_server.url}/rejeu/?mercredi=2022-11-09")
    assert "Service de prévision indisponible" in page.locator("main").inner_text()
    phone = _login(browser, live_server.url, PHONE)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "31-api-stopped-phone")
