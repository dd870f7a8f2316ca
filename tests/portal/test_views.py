"""The pages through Django's test client, per role: what each role sees and may do."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from portal.attendance.models import DailyAttendance
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.cinemas.models import Cinema, CinemaSettings
from portal.programmes import services
from portal.programmes.models import Screening, WeekProgramme
from portal.web.roles import Role
from tests.portal.conftest import EMPTY_WEEK, REPLAY_WEEK, WEEK
from tests.portal.contract_api import ContractApi, film

pytestmark = pytest.mark.django_db
PAGES = ("/", "/rejeu/", "/historique/", "/saisie/", "/parametres/")
ALLOWED = {
    Role.MANAGER: {"/", "/rejeu/", "/historique/", "/saisie/", "/parametres/"},
    Role.STAFF: {"/", "/rejeu/", "/historique/", "/saisie/"},
    Role.VIEWER: {"/", "/rejeu/", "/historique/"},
}


def _week(programme_wednesday: dt.date = WEEK, replay: bool = False) -> str:
    return f"/?mercredi={programme_wednesday.isoformat()}" + ("&rejeu=on" if replay else "")


def _published(users: dict[Role, User], cinema: Cinema) -> WeekProgramme:
    programme, _ = services.programme_draft_compute(
        actor=users[Role.MANAGER], cinema=cinema, wednesday=WEEK
    )
    services.programme_publish(actor=users[Role.MANAGER], programme=programme)
    return programme


@pytest.mark.parametrize("role", list(Role))
def test_each_role_opens_its_pages_and_no_other(role: Role, clients: dict[Role, Client]) -> None:
    for page in PAGES:
        response = clients[role].get(page)
        expected = 200 if page in ALLOWED[role] else 403
        assert response.status_code == expected, (role, page)
        if expected == 403:
            assert "Accès refusé" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(db: None) -> None:
    for page in PAGES:
        response = Client().get(page)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_only_the_manager_may_post_programme_actions(
    role: Role, clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    response = clients[role].post("/programme/calculer/", {"mercredi": WEEK.isoformat()})
    assert response.status_code == 403
    programme, _ = services.programme_draft_compute(
        actor=users[Role.MANAGER], cinema=cinema, wednesday=WEEK
    )
    for action in ("publier", "verrouiller", "exclure", "echanger", "recalculer", "film"):
        assert clients[role].post(f"/programme/{programme.pk}/{action}/").status_code == 403
    assert WeekProgramme.objects.get(pk=programme.pk).status == "draft"


def test_the_manager_computes_locks_swaps_and_publishes_the_week(
    clients: dict[Role, Client], contract_api: ContractApi
) -> None:
    manager = clients[Role.MANAGER]
    response = manager.get(_week())
    assert "3 films annoncés" in response.content.decode()
    response = manager.post("/programme/calculer/", {"mercredi": WEEK.isoformat()}, follow=True)
    page = response.content.decode()
    assert "Proposition du 02/01/2030 calculée." in page
    assert "Le Comte de Monte-Cristo" in page and "<svg" in page
    assert "Publier le programme" in page
    programme = WeekProgramme.objects.get(wednesday=WEEK)
    manager.post(
        f"/programme/{programme.pk}/verrouiller/", {"room": "Salle 2", "film_id": "f-monte"}
    )
    assert contract_api.requests[-1]["locks"] == {"Salle 2": "f-monte"}
    manager.post(f"/programme/{programme.pk}/echanger/", {"room_a": "Salle 1", "room_b": "Salle 2"})
    assert programme.screenings.get(room="Salle 1").film_id == "f-monte"
    response = manager.post(f"/programme/{programme.pk}/publier/", follow=True)
    assert "Programme publié." in response.content.decode()
    response = manager.post(f"/programme/{programme.pk}/publier/", follow=True)
    assert "déjà publié" in response.content.decode()
    response = manager.post(
        f"/programme/{programme.pk}/exclure/", {"film_id": "f-drame", "excluded": "on"}, follow=True
    )
    assert "dépubliez-le avant de le modifier" in response.content.decode()
    assert AuditEvent.objects.filter(action="programme_publish").count() == 1


def test_the_manager_types_copies_and_sees_them_stored(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    programme, _ = services.programme_draft_compute(
        actor=users[Role.MANAGER], cinema=cinema, wednesday=WEEK
    )
    response = clients[Role.MANAGER].post(
        f"/programme/{programme.pk}/film/",
        {
            "prefix": "f-petit",
            "f-petit-film_id": "f-petit",
            "f-petit-distributor": "Diaphana",
            "f-petit-planned_copies": "0",
        },
        follow=True,
    )
    assert "Au moins 1 copie." in response.content.decode()
    clients[Role.MANAGER].post(
        f"/programme/{programme.pk}/film/",
        {
            "prefix": "f-petit",
            "f-petit-film_id": "f-petit",
            "f-petit-distributor": "Diaphana",
            "f-petit-planned_copies": "120",
        },
    )
    programme.refresh_from_db()
    assert programme.overrides == [
        {"film_id": "f-petit", "distributor": "Diaphana", "planned_copies": 120}
    ]


def test_a_film_added_by_hand_with_bad_copies_names_them(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    programme, _ = services.programme_draft_compute(
        actor=users[Role.MANAGER], cinema=cinema, wednesday=WEEK
    )
    for copies, said in (("0", "Au moins 1 copie."), ("1e9", "Nombre de copies : un nombre")):
        page = (
            clients[Role.MANAGER]
            .post(
                f"/programme/{programme.pk}/ajouter/",
                {"title": "Film oublié", "planned_copies": copies},
                follow=True,
            )
            .content.decode()
        )
        assert said in page, copies  # was Django's "Assurez-vous que cette valeur..."
        assert "Assurez-vous" not in page and "Saisissez un nombre" not in page, copies
    programme.refresh_from_db()
    assert programme.extra_films == []


def test_a_week_without_copies_says_the_ranking_chose_until_copies_are_typed(
    clients: dict[Role, Client], contract_api: ContractApi
) -> None:
    blind_week = dt.date(2030, 1, 16)
    contract_api.weeks[blind_week.isoformat()] = [
        film("f-suite", "La Suite", 400000, None, distributor=None),
        film("f-calme", "Un film calme", 80000, None, distributor=None),
    ]
    note = "Aucun film de la semaine n'a de copies prévues"
    try:
        manager = clients[Role.MANAGER]
        page = manager.post(
            "/programme/calculer/", {"mercredi": blind_week.isoformat()}, follow=True
        ).content.decode()
        assert note in page and 'data-chosen-by="ranking"' in page
        programme = WeekProgramme.objects.get(wednesday=blind_week)
        assert programme.snapshot["chosen_by"] == "ranking without copies"
        manager.post(
            f"/programme/{programme.pk}/film/",
            {
                "prefix": "f-calme",
                "f-calme-film_id": "f-calme",
                "f-calme-distributor": "",
                "f-calme-planned_copies": "90",
            },
        )
        programme.refresh_from_db()
        assert programme.snapshot["chosen_by"] == "model"
        assert note not in manager.get(_week(blind_week)).content.decode()
    finally:
        del contract_api.weeks[blind_week.isoformat()]


def test_nothing_announced_offers_the_replay_in_one_click(clients: dict[Role, Client]) -> None:
    manager = clients[Role.MANAGER]
    page = manager.get(_week(EMPTY_WEEK)).content.decode()
    assert "Aucun film n'est annoncé pour le mercredi 9 janvier 2030" in page
    assert "Rejouer le mercredi 9 novembre 2022" in page
    response = manager.post(
        "/programme/calculer/", {"mercredi": REPLAY_WEEK.isoformat(), "rejeu": "on"}, follow=True
    )
    page = response.content.decode()
    assert "rejeu" in page and "Black Panther: Wakanda Forever" in page
    assert WeekProgramme.objects.get(wednesday=REPLAY_WEEK).is_replay


def test_nothing_announced_the_manager_types_the_films_known(
    clients: dict[Role, Client], contract_api: ContractApi
) -> None:
    manager = clients[Role.MANAGER]
    assert (
        "Ou saisir les films que vous connaissez" in manager.get(_week(EMPTY_WEEK)).content.decode()
    )
    page = manager.post(
        "/programme/commencer/",
        {
            "mercredi": EMPTY_WEEK.isoformat(),
            "title": "Le film du festival",
            "planned_copies": "300",
        },
        follow=True,
    ).content.decode()
    assert "« Le film du festival » ajouté, proposition calculée." in page
    programme = WeekProgramme.objects.get(wednesday=EMPTY_WEEK)
    assert not programme.is_replay and programme.status == "draft"
    assert contract_api.requests[-1]["extra_films"][0]["title"] == "Le film du festival"
    again = manager.post(  # a second film joins the same draft
        "/programme/commencer/",
        {"mercredi": EMPTY_WEEK.isoformat(), "title": "Un autre film"},
        follow=True,
    ).content.decode()
    assert "<strong>Un autre film</strong>" in again
    assert (
        WeekProgramme.objects.get(wednesday=EMPTY_WEEK).extra_films[1]["title"] == "Un autre film"
    )
    past = manager.post(
        "/programme/commencer/", {"mercredi": REPLAY_WEEK.isoformat(), "title": "X"}, follow=True
    ).content.decode()
    assert "n&#x27;est pas un mercredi à venir" in past


def test_api_down_shows_the_banner_and_the_last_stored_programme(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema, contract_api: ContractApi
) -> None:
    _published(users, cinema)
    services.programme_draft_compute(  # a draft looked at since: not what the cinema shows
        actor=users[Role.MANAGER], cinema=cinema, wednesday=REPLAY_WEEK, replay=True
    )
    contract_api.down = True
    for role in Role:
        page = clients[role].get(_week(EMPTY_WEEK)).content.decode()
        assert "Service de prévision indisponible" in page
        assert "dernier programme enregistré" in page and "Le Comte de Monte-Cristo" in page
        assert "semaine du 2 janvier 2030" in page  # the published week, not the later draft
    for path in ("/rejeu/?mercredi=2022-11-09", _week()):
        response = clients[Role.MANAGER].get(path)
        assert response.status_code == 200
        assert "Service de prévision indisponible" in response.content.decode()
    # The history of weeks still to come needs no national actuals: no call, no banner.
    assert "Le Comte de Monte-Cristo" in clients[Role.VIEWER].get("/historique/").content.decode()


def test_a_degraded_api_is_said(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema, contract_api: ContractApi
) -> None:
    _published(users, cinema)
    contract_api.degraded = True
    page = clients[Role.MANAGER].get(_week()).content.decode()
    assert "mode dégradé" in page and "Le Comte de Monte-Cristo" in page


def test_a_slow_api_gives_the_banner_not_an_error(
    clients: dict[Role, Client], settings: object, contract_api: ContractApi
) -> None:
    settings.MERCREDI_API_TIMEOUT_S = 0.2  # type: ignore[attr-defined]
    contract_api.delay_s = 0.5
    response = clients[Role.VIEWER].get(_week())
    assert response.status_code == 200
    assert "ne répond pas à temps" in response.content.decode()


def test_replay_page_shows_the_proposal_beside_what_happened(clients: dict[Role, Client]) -> None:
    page = clients[Role.VIEWER].get("/rejeu/?mercredi=2022-11-09").content.decode()
    assert "Rejeu" in page and "Ce qui s'est vraiment passé" in page
    assert "1\u202f300\u202f000" in page  # the actual national admissions
    assert "80\u202f%" in page  # the tool's share of the best programme
    assert "En faire le programme" not in page
    # daily audiences are expected means: shown with their decimal, so they add up to receipts
    assert re.search(r'<td class="n">\d+,\d</td>', page)
    assert "des moyennes, d'où la décimale" in page
    page = clients[Role.VIEWER].get("/rejeu/?mercredi=2022-11-10").content.decode()
    assert "n&#x27;est pas un mercredi" in page
    page = clients[Role.VIEWER].get("/rejeu/?mercredi=2022-11-16").content.decode()
    assert "Aucune sortie connue le 16/11/2022" in page


def test_staff_enter_a_week_of_attendance(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    programme = _published(users, cinema)
    salle1, salle2 = programme.screenings.order_by("position")
    staff = clients[Role.STAFF]
    page = staff.get("/saisie/").content.decode()
    assert "Le Comte de Monte-Cristo" in page and 'max="120"' in page
    bad = staff.post(
        "/saisie/",
        {
            "programme": programme.pk,
            f"s{salle1.pk}-2030-01-02": "121",
            f"s{salle2.pk}-2030-01-02": "3",
        },
    )
    assert bad.status_code == 400 and "entre 0 et 120" in bad.content.decode()
    assert not DailyAttendance.objects.exists()
    words = staff.post("/saisie/", {"programme": programme.pk, f"s{salle1.pk}-2030-01-03": "dix"})
    assert words.status_code == 400 and "n&#x27;est pas un nombre entier" in words.content.decode()
    good = staff.post(
        "/saisie/",
        {
            "programme": programme.pk,
            f"s{salle1.pk}-2030-01-02": "97",
            f"s{salle2.pk}-2030-01-02": "31",
        },
        follow=True,
    )
    assert "2 valeur(s) modifiée(s)" in good.content.decode()
    assert sorted(DailyAttendance.objects.values_list("admissions", flat=True)) == [31, 97]
    cleared = staff.post(  # 97 was typed on the wrong day: emptied; 31, not sent, is kept
        "/saisie/", {"programme": programme.pk, f"s{salle1.pk}-2030-01-02": ""}, follow=True
    )
    assert "1 valeur(s) modifiée(s)" in cleared.content.decode()
    assert list(DailyAttendance.objects.values_list("admissions", flat=True)) == [31]
    erased = AuditEvent.objects.get(action="attendance_clear")
    assert erased.summary == "Salle 1 02/01/2030 : 97 entrées effacées"
    assert erased.summary in staff.get("/saisie/").content.decode()  # the week's journal
    staff.post("/saisie/", {"programme": programme.pk, f"s{salle1.pk}-2030-01-02": "97"})
    unknown = staff.post(
        "/saisie/", {"programme": "999", f"s{salle1.pk}-2030-01-04": "12"}, follow=True
    )
    assert "Cette semaine n&#x27;existe pas ou n&#x27;est pas publiée" in unknown.content.decode()
    assert DailyAttendance.objects.count() == 2


def test_an_impossible_attendance_is_said_with_french_numbers(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    programme = _published(users, cinema)
    salle1 = programme.screenings.order_by("position").first()
    assert salle1 is not None
    said = {}
    for typed in ("-1", "1500"):
        response = clients[Role.STAFF].post(
            "/saisie/", {"programme": programme.pk, f"s{salle1.pk}-2030-01-02": typed}
        )
        assert response.status_code == 400
        said[typed] = response.content.decode()
    # was "-1 entrées impossible ; entre 0 et 120 (120 places x 1 séance(s))."
    assert "Salle 1, 02/01/2030 : \u22121 entrées, c&#x27;est impossible" in said["-1"]
    assert "entre 0 et 120 (120 places × 1 séance par jour)" in said["-1"]
    assert "1\u202f500 entrées, c&#x27;est impossible" in said["1500"]
    assert not DailyAttendance.objects.exists()


def test_unpublishing_a_week_with_attendance_is_refused_in_french(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    programme = _published(users, cinema)
    salle1 = programme.screenings.order_by("position").first()
    assert salle1 is not None
    DailyAttendance.objects.create(screening=salle1, date=WEEK, admissions=40)
    response = clients[Role.MANAGER].post(f"/programme/{programme.pk}/depublier/", follow=True)
    assert response.status_code == 200  # was a 500: the service's refusal was not caught
    page = response.content.decode()
    assert "1 journée(s) d&#x27;entrées sont saisies pour la semaine du 02/01/2030" in page
    assert "Effacez-les d&#x27;abord dans Saisie" in page
    programme.refresh_from_db()
    assert programme.is_published
    assert DailyAttendance.objects.get().admissions == 40


def test_a_button_address_opened_directly_says_so_in_french(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    programme = _published(users, cinema)
    for path in ("/deconnexion/", f"/programme/{programme.pk}/publier/", "/programme/calculer/"):
        response = clients[Role.MANAGER].get(path)
        page = response.content.decode()
        assert response.status_code == 405, path
        assert "Cette adresse ne s'ouvre pas directement" in page, path  # was empty
        assert "Retour à la semaine" in page and "POST" in response["Allow"], path
    assert "bouton « Déconnexion »" in clients[Role.MANAGER].get("/deconnexion/").content.decode()
    assert "Cette adresse ne s'ouvre pas" in Client().get("/deconnexion/").content.decode()
    programme.refresh_from_db()
    assert programme.is_published


def test_history_compares_and_exports(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    programme = _published(users, cinema)
    for screening in programme.screenings.all():
        for offset in range(7):
            DailyAttendance.objects.create(
                screening=screening, date=WEEK + dt.timedelta(days=offset), admissions=20
            )
    page = clients[Role.VIEWER].get("/historique/").content.decode()
    assert "Le Comte de Monte-Cristo / Drame du lundi" in page and "<svg" in page
    assert "280" in page  # 2 rooms x 7 days x 20
    response = clients[Role.VIEWER].get("/historique/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # French Excel reads the accents
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1
    assert rows[0]["mercredi"] == "2030-01-02" and rows[0]["spectateurs_reels"] == "280"
    assert rows[0]["recettes_reelles_eur"] == "2800,00"  # decimal comma
    assert rows[0]["resultat_eur"] == "-2100,00"
    empty = clients[Role.VIEWER].get("/historique/?du=2031-01-01").content.decode()
    assert "Aucune semaine publiée" in empty
    wrong = clients[Role.VIEWER].get("/historique/?du=2031-01-01&au=2030-01-01").content.decode()
    assert "se termine avant de commencer" in wrong


def test_history_compares_a_week_being_typed_on_its_typed_days(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    # One day of Salle 1 typed on Thursday morning read as the whole week: 40 spectators
    # against the week's prediction (about -90 %), a result of 400 € - 4 900 €.
    programme = _published(users, cinema)
    salle1 = programme.screenings.order_by("position").first()
    assert salle1 is not None
    DailyAttendance.objects.create(screening=salle1, date=WEEK, admissions=40)
    slots = {slot["room"]: slot for slot in programme.snapshot["programme"]["slots"]}
    first_day = slots["Salle 1"]["days"][0]
    expected_rest = sum(
        day["receipts"]
        for room, slot in slots.items()
        if slot.get("film_id")
        for index, day in enumerate(slot["days"])
        if (room, index) != ("Salle 1", 0)
    )
    response = clients[Role.VIEWER].get("/historique/?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0]["spectateurs_reels"] == "40"
    error = (40 - first_day["audience"]) / first_day["audience"]
    assert rows[0]["ecart"] == f"{error:.3f}".replace(".", ",")
    assert rows[0]["resultat_eur"] == f"{400 + expected_rest - 4900:.2f}".replace(".", ",")
    assert (rows[0]["journees_saisies"], rows[0]["journees_de_la_semaine"]) == ("1", "14")
    page = clients[Role.VIEWER].get("/historique/").content.decode()
    assert "1 journée saisie sur 14" in page and "estimé" in page


def _past_published_weeks(
    cinema: Cinema, contract_api: ContractApi, monkeypatch: pytest.MonkeyPatch, count: int
) -> list[dt.date]:
    """`count` published past weeks (two films each, stored as the API answered them), their
    films in the contract server's history with national actuals 100,000 x week + 1,000 x room,
    but the second film of the latest week, not known yet."""
    wednesdays = [dt.date(2022, 1, 5) + dt.timedelta(weeks=n) for n in range(count)]
    for number, wednesday in enumerate(wednesdays):
        programme = WeekProgramme.objects.create(
            cinema=cinema,
            wednesday=wednesday,
            is_replay=True,
            status=WeekProgramme.Status.PUBLISHED,
            ticket_price_eur=10.0,
            fixed_costs_eur=4900.0,
        )
        films = []
        for position, room in enumerate(("Salle 1", "Salle 2")):
            film_id, title = f"f-h{number}-{position}", f"Film {number}-{position}"
            Screening.objects.create(
                programme=programme,
                position=position,
                room=room,
                seats=120 - 40 * position,
                film_id=film_id,
                title=title,
                p50=90_000.0,
            )
            known = number < count - 1 or position == 0
            actual = 100_000 * (number + 1) + 1_000 * position if known else None
            films.append(
                film(
                    film_id,
                    title,
                    90_000,
                    release_date=wednesday.isoformat(),
                    actual_admissions=actual,
                )
            )
        monkeypatch.setitem(contract_api.weeks, wednesday.isoformat(), films)
    return wednesdays


def test_history_gets_every_past_weeks_national_actuals_in_one_lookup(
    clients: dict[Role, Client],
    users: dict[Role, User],
    cinema: Cinema,
    contract_api: ContractApi,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wednesdays = _past_published_weeks(cinema, contract_api, monkeypatch, 30)
    _published(users, cinema)  # next week's: no first week yet, not asked
    contract_api.calls.clear()
    response = clients[Role.VIEWER].get("/historique/?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert contract_api.calls == ["POST /v1/actuals"]  # one lookup, no week replayed
    asked = contract_api.requests[-1]["film_ids"]
    assert asked == [f"f-h{n}-{p}" for n in range(30) for p in (0, 1)]
    national = {row["mercredi"]: row["entrees_nationales_reelles"] for row in rows}
    # the oldest week too, beyond the 26 latest the page used to ask for
    assert national[wednesdays[0].isoformat()] == "201000"  # 100,000 + 101,000
    assert national[wednesdays[28].isoformat()] == str(2 * 2_900_000 + 1_000)
    assert national[wednesdays[29].isoformat()] == ""  # a film not known yet
    assert national[WEEK.isoformat()] == ""
    page = clients[Role.VIEWER].get("/historique/").content.decode()
    assert "5 801 000" in page and "Service de prévision indisponible" not in page


def test_history_without_the_api_renders_with_the_banner(
    clients: dict[Role, Client],
    cinema: Cinema,
    contract_api: ContractApi,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _past_published_weeks(cinema, contract_api, monkeypatch, 2)
    contract_api.down = True
    response = clients[Role.VIEWER].get("/historique/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Service de prévision indisponible" in page
    assert "Les entrées nationales réelles ne sont pas affichées" in page
    assert "Film 0-0 / Film 0-1" in page and "Film 1-0 / Film 1-1" in page
    exported = clients[Role.VIEWER].get("/historique/?format=csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported), delimiter=";"))
    assert len(rows) == 2 and all(row["entrees_nationales_reelles"] == "" for row in rows)


def test_settings_refuse_bad_values_in_french(clients: dict[Role, Client], cinema: Cinema) -> None:
    manager = clients[Role.MANAGER]
    room_ids = list(cinema.rooms.values_list("pk", flat=True))
    data = {
        "rules": "1",
        "audience_divisor": "2000",
        "ticket_price_eur": "10",
        "fixed_costs_eur": "-5",
        "vat_percent": "5.5",
        "tsa_percent": "10.72",
        "rental_percent": "50",
        **{f"profile_{i}": "1" for i in range(7)},
        **{f"seats_{pk}": "100" for pk in room_ids},
        **{f"shows_{pk}": "0" for pk in room_ids},
    }
    response = manager.post("/parametres/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Les frais fixes ne peuvent être négatifs." in page
    assert "au moins 1 séance par jour" in page
    data.update({"fixed_costs_eur": "5000", **{f"shows_{pk}": "2" for pk in room_ids}})
    out_of_range = {
        "vat_percent": ("100", "TVA (%) : un taux inférieur à 100 %."),
        "tsa_percent": ("-1", "TSA (%) : pas de taux négatif."),
        "rental_percent": ("150", "Location du film (% des recettes nettes) : un taux inférieur"),
        "profile_3": ("1e308", "Poids du samedi : au plus 1000"),
    }
    for field, (value, message) in out_of_range.items():
        refused = manager.post("/parametres/", {**data, field: value})
        assert refused.status_code == 400, field
        assert message in refused.content.decode().replace("&#x27;", "'"), field
    response = manager.post(
        "/parametres/",
        {**data, "vat_percent": "5,5", "ticket_price_eur": "9,50", "fixed_costs_eur": "4 900,50"},
        follow=True,
    )
    assert "Règles enregistrées" in response.content.decode()
    assert AuditEvent.objects.filter(action="rules_update").count() == 1
    stored = CinemaSettings.objects.get(cinema=cinema)
    assert (float(stored.ticket_price_eur), float(stored.fixed_costs_eur)) == (9.5, 4900.5)
    assert stored.vat_rate == 0.055
    for day in range(20):  # a busy week of attendance typed since
        audit_record(
            actor=None,
            action="attendance_record",
            object_type="screening",
            object_id=1,
            summary=f"Entrées du jour {day}",
        )
    journal = manager.get("/parametres/").content.decode()
    assert AuditEvent.objects.get(action="rules_update").summary in journal
    assert "Entrées du jour" not in journal


def test_a_past_week_asked_from_cette_semaine_is_a_replay(
    clients: dict[Role, Client],
) -> None:
    manager = clients[Role.MANAGER]
    page = manager.get(_week(REPLAY_WEEK)).content.decode()
    assert "sortis ce mercredi-là (rejeu)" in page
    shown = manager.post(
        "/programme/calculer/", {"mercredi": REPLAY_WEEK.isoformat()}, follow=True
    ).content.decode()
    assert WeekProgramme.objects.get(wednesday=REPLAY_WEEK).is_replay is True
    assert '<span class="tag replay">rejeu</span>' in shown and "Programme proposé" in shown
    far = manager.get("/?mercredi=0001-01-03", follow=True).content.decode()
    assert "Cette date est hors de portée" in far
    before_the_api = manager.get("/?mercredi=1990-01-03").content.decode()
    assert "Le service de prévision propose les mercredis du 05/01/2005" in before_the_api
    assert "Service de prévision indisponible" not in before_the_api


def test_a_replay_with_a_film_added_by_hand_says_why_it_has_no_hindsight(
    clients: dict[Role, Client],
) -> None:
    manager = clients[Role.MANAGER]
    manager.post("/programme/calculer/", {"mercredi": REPLAY_WEEK.isoformat()})
    programme = WeekProgramme.objects.get(wednesday=REPLAY_WEEK)
    assert "Ce qui s'est vraiment passé" in manager.get(_week(REPLAY_WEEK)).content.decode()
    page = manager.post(
        f"/programme/{programme.pk}/ajouter/", {"title": "Vu en festival"}, follow=True
    ).content.decode()
    # Before, the comparison vanished without a word.
    assert "Pas de comparaison a posteriori pour ce rejeu : 1 film ajouté à la main" in page
    assert "Retirez-le pour revoir la part du meilleur programme" in page


def test_a_week_outside_the_api_range_is_said_once_after_a_hand_made_compute(
    clients: dict[Role, Client],
) -> None:
    page = (
        clients[Role.MANAGER]
        .post("/programme/calculer/", {"mercredi": "1990-01-03"}, follow=True)
        .content.decode()
    )
    # The action said it, then the week's page said it again.
    assert page.count("Le service de prévision propose les mercredis du 05/01/2005") == 1
    assert not WeekProgramme.objects.exists()


def test_a_week_published_while_still_to_come_stays_a_real_week(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    published = _published(users, cinema)
    # time passes: the week it was published for has started
    WeekProgramme.objects.filter(pk=published.pk).update(wednesday=REPLAY_WEEK)
    page = clients[Role.VIEWER].get(_week(REPLAY_WEEK)).content.decode()
    assert "Le Comte de Monte-Cristo" in page and "rejeu</span>" not in page
    again, created = services.programme_draft_compute(
        actor=users[Role.MANAGER], cinema=cinema, wednesday=REPLAY_WEEK
    )
    assert (again.pk, created, again.is_replay) == (published.pk, False, False)


def test_a_film_added_by_hand_can_be_taken_back(
    clients: dict[Role, Client], users: dict[Role, User], cinema: Cinema
) -> None:
    programme, _ = services.programme_draft_compute(
        actor=users[Role.MANAGER], cinema=cinema, wednesday=WEEK
    )
    manager = clients[Role.MANAGER]
    manager.post(f"/programme/{programme.pk}/ajouter/", {"title": "Faute de frappe"})
    page = manager.get(_week()).content.decode()
    assert f"/programme/{programme.pk}/retirer/" in page
    assert "<strong>Faute de frappe</strong>" in page
    taken_back = manager.post(
        f"/programme/{programme.pk}/retirer/", {"film_id": "f-extra0"}, follow=True
    ).content.decode()
    assert "Film retiré, proposition recalculée." in taken_back
    assert "<strong>Faute de frappe</strong>" not in taken_back  # still in the journal only
    programme.refresh_from_db()
    assert programme.extra_films == []


def test_the_web_app_installs(client: Client) -> None:
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["display"] == "standalone" and manifest["lang"] == "fr"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    worker = client.get("/sw.js")
    assert worker["Content-Type"].startswith("application/javascript")
    assert "hors-ligne" in worker.content.decode()
    assert client.get("/static/portal/icon-512.png").status_code == 200


def test_an_uninitialised_portal_says_what_to_run(db: None) -> None:
    user = User.objects.create_superuser("root", password="x")
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 503
    assert "mercredi portal init" in response.content.decode()
