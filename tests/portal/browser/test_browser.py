"""The manager's week in Chromium against the real predictor API: log in, replay the latest
week when nothing is announced, swap and lock, publish, type attendance, read the history,
replay a 2022 week, the phone width, the rules learnt from four weeks of attendance adopted in
Paramètres, and the pages with the API stopped."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import User

from portal.attendance.services import attendance_record_week
from portal.audit.models import AuditEvent
from portal.cinemas.models import CinemaSettings
from portal.cinemas.selectors import cinema_get
from portal.cinemas.services import cinema_init, user_create
from portal.programmes.models import Screening, WeekProgramme
from portal.programmes.predictor_client import get_predictor_client
from portal.programmes.services import programme_draft_compute, programme_publish
from portal.web.roles import Role
from tests.api_server import ApiServer
from tests.portal.browser.conftest import shot

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


NAV_OVERFLOW = (
    "(() => { const nav = document.querySelector('nav.nav');"
    " return nav.scrollWidth - nav.clientWidth; })()"
)
"""How many pixels of the page links the phone's nav hides (0: every link shows whole)."""


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
    # the week's national actuals, from the real API's lookup (POST /v1/actuals)
    shown = [s.film_id for s in WeekProgramme.objects.get().screenings.all() if s.film_id]
    with get_predictor_client() as client:
        national = client.national_actuals(shown).by_film()
    assert len(national) == 2
    assert _grouped(round(sum(national.values()))) in _spaced(history)
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
    # Published, so that Historique draws its charts and Saisie its form at phone width too.
    programme_publish(actor=manager, programme=programme)
    user_create(actor=manager, username="caisse", password=PASSWORD, role=Role.STAFF)
    page = _login(browser, live_server.url, PHONE)
    for index, path in enumerate(("/?mercredi=2022-12-14&rejeu=on", *PAGES[1:])):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways at 390 px ({width} px)"
        assert page.evaluate(NAV_OVERFLOW) == 0, f"{path}: the nav hides a link at 390 px"
        shot(page, f"1{index}-phone-{path.strip('/').split('/')[0].split('?')[0] or 'semaine'}")
        if path == "/historique/":
            assert page.locator("svg.chart").first.is_visible()
    desktop = _login(browser, live_server.url, DESKTOP)
    for path in PAGES[2:]:
        desktop.goto(f"{live_server.url}{path}")
        shot(desktop, f"2{PAGES.index(path)}-desktop-{path.strip('/').split('?')[0]}")
    assert programme.screenings.exclude(film_id=None).count() == 2


LEARNT_WEEKS = (
    dt.date(2022, 11, 9),
    dt.date(2022, 12, 14),
    dt.date(2022, 12, 21),
    dt.date(2022, 12, 28),
)
"""Four replayed weeks (the other tests replay them too: the API fits each once)."""
TYPED = {"Salle 1": (30, 30, 30, 60, 60, 30, 30), "Salle 2": (10, 10, 10, 20, 20, 10, 10)}
"""People a day, Wednesday to Tuesday: 360 a week, Saturday and Sunday twice the other days."""


def _four_weeks_of_attendance(manager: User) -> list[str]:
    """The four weeks replayed, published and typed for every day of both rooms (as the staff
    would in Saisie); returns the films shown."""
    cinema = cinema_get()
    film_ids: list[str] = []
    for wednesday in LEARNT_WEEKS:
        programme, _ = programme_draft_compute(
            actor=manager, cinema=cinema, wednesday=wednesday, replay=True
        )
        programme_publish(actor=manager, programme=programme)
        screenings = {
            screening.pk: screening
            for screening in Screening.objects.filter(programme=programme).select_related(
                "programme"
            )
        }
        values = {
            (screening.pk, wednesday + dt.timedelta(days=offset)): people
            for screening in screenings.values()
            for offset, people in enumerate(TYPED[screening.room])
        }
        attendance_record_week(actor=manager, programme_screenings=screenings, values=values)
        film_ids += [screening.film_id for screening in screenings.values() if screening.film_id]
    return film_ids


def _spaced(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _learnt_block(page: Any) -> tuple[list[tuple[str, str, str]], tuple[str, str]]:
    """The learnt block as shown: (day, current, learnt) of the weekday profile, and the
    current and learnt "1 spectateur pour N entrées"."""
    block = page.locator(".card.learned")
    tables = block.locator("table")
    profile = [
        tuple(_spaced(cell.strip()) for cell in row.locator("td").all_inner_texts())
        for row in tables.nth(0).locator("tbody tr").all()
    ]
    share = [_spaced(c.strip()) for c in tables.nth(1).locator("tbody td").all_inner_texts()]
    return [(day, current, learnt) for day, current, learnt in profile], (share[1], share[2])


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def test_the_manager_adopts_the_rules_learnt_from_four_weeks(
    live_server: Any, browser: Any, portal_for_real_api: ApiServer
) -> None:
    manager = _set_up()
    film_ids = _four_weeks_of_attendance(manager)
    assert len(film_ids) == 8
    with get_predictor_client() as client:
        national = client.national_actuals(film_ids).by_film()
    assert len(national) == 8  # replayed weeks: every film's first week is known
    # 4 weeks x 360 people over the eight films' national first-week admissions
    divisor = round(sum(national.values()) / (4 * 360))
    flat, weekday, weekend = "14,3 %", "11,1 %", "22,2 %"
    learnt = [weekday] * 3 + [weekend] * 2 + [weekday] * 2

    page = _login(browser, live_server.url, DESKTOP)
    page.goto(f"{live_server.url}/parametres/")
    text = _spaced(page.locator(".card.learned").inner_text())
    assert "Apprises de 4 semaines complètes (du 9 novembre 2022" in text
    assert "Sur 8 films dont les entrées nationales" in text
    profile, share = _learnt_block(page)
    assert profile[0][0] == "Mercredi"
    assert [current for _, current, _ in profile] == [flat] * 7
    assert [shown for _, _, shown in profile] == learnt
    assert share == ("2 000", _grouped(divisor))
    shot(page, "40-learned-rules-desktop")
    phone = _login(browser, live_server.url, PHONE)
    phone.goto(f"{live_server.url}/parametres/#apprises")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.evaluate(NAV_OVERFLOW) == 0  # "Paramètres", the page shown, not cut
    assert phone.get_by_role("button", name="Adopter le profil appris").is_visible()
    shot(phone, "41-learned-rules-phone")

    page.get_by_role("button", name="Adopter le profil appris").click()
    page.wait_for_selector("text=Profil de la semaine appris adopté")
    page.get_by_role("button", name="Adopter la part d'audience apprise").click()
    page.wait_for_selector("text=Part d'audience apprise adoptée")
    profile, share = _learnt_block(page)
    assert [current for _, current, _ in profile] == learnt == [s for _, _, s in profile]
    assert share == (_grouped(divisor), _grouped(divisor))
    assert page.locator("#id_audience_divisor").input_value() == str(divisor)
    in_force = _spaced(page.locator(".card.learned").inner_text())
    assert "Le profil appris est celui en vigueur." in in_force
    assert "La part d'audience apprise est celle en vigueur." in in_force
    assert page.locator(".card.learned button").count() == 0
    journal = page.locator("h2:has-text('Journal des modifications') + .card").inner_text()
    assert "Part d'audience apprise de 4 semaines de fréquentation adoptée" in journal
    stored = CinemaSettings.objects.get(cinema=cinema_get())
    assert round(1 / stored.audience_share) == divisor
    assert stored.weekday_profile == pytest.approx(
        [1 / 9] * 3 + [2 / 9] * 2 + [1 / 9] * 2, abs=1e-4
    )
    events = AuditEvent.objects.filter(action="rules_update").order_by("created_at")
    assert [event.actor_username for event in events] == ["gerant", "gerant"]
    assert [event.summary for event in events] == [
        "Profil de la semaine appris de 4 semaines de fréquentation adopté",
        "Part d'audience apprise de 4 semaines de fréquentation adoptée",
    ]
    shot(page, "42-learned-rules-adopted-desktop")
    phone.reload()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "43-learned-rules-adopted-phone")
    page.context.close()
    phone.context.close()


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
