"""Paramètres: the weekday profile and audience share learnt from the cinema's attendance, asked
of the API (here the contract server), shown beside the current rules and adopted (audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from portal.attendance.models import DailyAttendance
from portal.attendance.selectors import attendance_learning_payload
from portal.audit.models import AuditEvent
from portal.cinemas.models import Cinema, CinemaSettings
from portal.cinemas.services import cinema_rules_adopt_learned
from portal.programmes.models import Screening, WeekProgramme
from portal.web.roles import Role
from tests.portal.contract_api import ContractApi

FIRST = dt.date(2029, 11, 7)
"""A Wednesday: four weeks before the contract server's next one."""
SATURDAY_HEAVY = (10, 10, 10, 40, 10, 10, 10)
"""100 people a week in Salle 1; Salle 2 adds 5 a day."""


def _typed_weeks(
    cinema: Cinema, count: int, *, start: int = 0, last_day_missing: bool = False
) -> None:
    """`count` published weeks from week `start`, both rooms typed every day (but, if asked,
    the last day of the last week)."""
    for number in range(start, start + count):
        wednesday = FIRST + dt.timedelta(weeks=number)
        programme = WeekProgramme.objects.create(
            cinema=cinema,
            wednesday=wednesday,
            status=WeekProgramme.Status.PUBLISHED,
            ticket_price_eur=10.0,
            fixed_costs_eur=4900.0,
        )
        for position, (room, seats, counts) in enumerate(
            (("Salle 1", 120, SATURDAY_HEAVY), ("Salle 2", 80, (5,) * 7))
        ):
            screening = Screening.objects.create(
                programme=programme,
                position=position,
                room=room,
                seats=seats,
                film_id=f"f-{number}-{position}",
                title=f"Film {number}-{position}",
                p50=200_000.0,
            )
            for offset, people in enumerate(counts):
                if last_day_missing and number == start + count - 1 and offset == 6:
                    continue
                DailyAttendance.objects.create(
                    screening=screening,
                    date=wednesday + dt.timedelta(days=offset),
                    admissions=people,
                )


def test_the_payload_holds_every_screening_day_of_the_complete_weeks(cinema: Cinema) -> None:
    _typed_weeks(cinema, 2, last_day_missing=True)
    weeks, rows = attendance_learning_payload(cinema=cinema)
    assert weeks == 1 and len(rows) == 14
    assert rows[3] == {
        "film_id": "f-0-1",
        "room": "Salle 2",
        "date": "2029-11-08",
        "admissions": 5,
    }


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_only_the_manager_sees_and_adopts_learnt_rules(
    role: Role, clients: dict[Role, Client], cinema: Cinema
) -> None:
    _typed_weeks(cinema, 4)
    assert clients[role].get("/parametres/").status_code == 403
    response = clients[role].post("/parametres/", {"adopt": "weekday_profile"})
    assert response.status_code == 403
    assert CinemaSettings.objects.get(cinema=cinema).weekday_profile == [1.0] * 7


def test_the_manager_sees_learnt_rules_beside_the_current_ones_and_adopts_them(
    clients: dict[Role, Client], cinema: Cinema, contract_api: ContractApi
) -> None:
    manager = clients[Role.MANAGER]
    _typed_weeks(cinema, 3)
    page = manager.get("/parametres/").content.decode()
    assert "Pas encore assez de semaines de fréquentation complètes" in page
    assert "(3 pour l&#x27;instant)" in page and "Adopter" not in page
    _typed_weeks(cinema, 1, start=3)
    page = manager.get("/parametres/").content.decode()
    sent = contract_api.requests[-1]["attendance"]
    assert len(sent) == 4 * 2 * 7
    # Saturday: (40 + 5) x 4 over (100 + 35) x 4 people
    assert "33,3" in page and "14,3" in page  # learnt Saturday, current flat day
    assert "Apprises de 4 semaines complètes" in page
    assert "2\u202f500" in page or "2 500" in page  # 1 / 0.0004
    assert 'value="weekday_profile"' in page and 'value="audience_share"' in page
    response = manager.post("/parametres/", {"adopt": "weekday_profile"}, follow=True)
    page = response.content.decode()
    assert "Profil de la semaine appris adopté" in page
    # the profile in force offers no second adoption; the share still does
    assert "Le profil appris est celui en vigueur." in page
    assert 'value="weekday_profile"' not in page and 'value="audience_share"' in page
    profile = CinemaSettings.objects.get(cinema=cinema).weekday_profile
    assert profile == pytest.approx([15 / 135] * 3 + [45 / 135] + [15 / 135] * 3, abs=1e-4)
    response = manager.post("/parametres/", {"adopt": "audience_share"}, follow=True)
    page = response.content.decode()
    assert "Part d&#x27;audience apprise adoptée" in page
    assert "La part d'audience apprise est celle en vigueur." in page
    assert 'value="audience_share"' not in page
    assert CinemaSettings.objects.get(cinema=cinema).audience_share == pytest.approx(0.0004)
    events = AuditEvent.objects.filter(action="rules_update").order_by("created_at")
    assert [event.summary for event in events] == [
        "Profil de la semaine appris de 4 semaines de fréquentation adopté",
        "Part d'audience apprise de 4 semaines de fréquentation adoptée",
    ]
    before = events[0].before
    assert isinstance(before, dict) and before["weekday_profile"] == [1.0] * 7


def test_api_down_the_block_says_so_and_the_page_works(
    clients: dict[Role, Client], cinema: Cinema, contract_api: ContractApi
) -> None:
    _typed_weeks(cinema, 4)
    contract_api.down = True
    response = clients[Role.MANAGER].get("/parametres/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Règles apprises indisponibles" in page and "Enregistrer les règles" in page
    response = clients[Role.MANAGER].post("/parametres/", {"adopt": "weekday_profile"}, follow=True)
    assert "Règles apprises indisponibles" in response.content.decode()
    assert not AuditEvent.objects.filter(action="rules_update").exists()


def test_the_service_refuses_a_share_nobody_can_learn_yet(
    users: dict[Role, User], cinema: Cinema, contract_api: ContractApi
) -> None:
    _typed_weeks(cinema, 4)
    contract_api.learned_share = None
    with pytest.raises(ValueError, match="Aucune part d'audience apprise"):
        cinema_rules_adopt_learned(actor=users[Role.MANAGER], cinema=cinema, rule="audience_share")
    with pytest.raises(ValueError, match="Règle apprise inconnue « seats »"):
        cinema_rules_adopt_learned(actor=users[Role.MANAGER], cinema=cinema, rule="seats")
    assert CinemaSettings.objects.get(cinema=cinema).audience_share == pytest.approx(1 / 2000)
