"""The portal's services: what each action stores, audits and refuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from portal.attendance.models import DailyAttendance
from portal.attendance.services import attendance_record, attendance_record_week
from portal.audit.models import AuditEvent
from portal.cinemas.models import Cinema, CinemaSettings, Room
from portal.cinemas.selectors import cinema_rules_payload
from portal.cinemas.services import (
    cinema_init,
    cinema_rules_update,
    user_create,
    user_set_password,
)
from portal.programmes import services
from portal.programmes.models import Screening, WeekProgramme
from portal.programmes.predictor_client import PredictorUnavailableError
from portal.programmes.weekly import weekly_draft_mail
from portal.web.numbers import group
from portal.web.roles import Role
from tests.portal.conftest import PASSWORD, REPLAY_WEEK, WEEK
from tests.portal.contract_api import ContractApi

pytestmark = pytest.mark.django_db


def _draft(users: dict[Role, User], cinema: Cinema) -> WeekProgramme:
    programme, created = services.programme_draft_compute(
        actor=users[Role.MANAGER], cinema=cinema, wednesday=WEEK
    )
    assert created
    return programme


def _rooms(programme: WeekProgramme) -> dict[str, str | None]:
    return {s.room: s.film_id for s in programme.screenings.all()}


def test_init_creates_the_brief_cinema_once(cinema: Cinema) -> None:
    again = cinema_init(
        name="New is Always Better",
        manager_username="gerant",
        manager_password=None,
        manager_email="x@example.fr",
    )
    assert not again.cinema_created and not again.manager_created
    assert again.generated_password is None
    assert Cinema.objects.count() == 1
    assert [(r.name, r.seats, r.shows_per_day) for r in Room.objects.all()] == [
        ("Salle 1", 120, 1),
        ("Salle 2", 80, 1),
    ]
    rules = cinema_rules_payload(cinema)
    assert rules["audience_share"] == pytest.approx(1 / 2000)
    assert (rules["ticket_price_eur"], rules["fixed_costs_eur"]) == (10.0, 4900.0)
    assert (rules["vat_rate"], rules["tsa_rate"], rules["film_rental_rate"]) == (0.055, 0.1072, 0.5)
    assert rules["weekday_profile"] == [1.0] * 7
    assert User.objects.get(username="gerant").check_password(PASSWORD)


def test_init_generates_a_password_when_none_is_given(db: None) -> None:
    result = cinema_init(
        name="Ciné", manager_username="chef", manager_password=None, manager_email=""
    )
    assert result.generated_password and len(result.generated_password) >= 12
    assert User.objects.get(username="chef").check_password(result.generated_password)


def test_draft_stores_the_api_answer_and_sends_the_rules(
    users: dict[Role, User], cinema: Cinema, contract_api: ContractApi
) -> None:
    programme = _draft(users, cinema)
    sent = contract_api.requests[-1]
    assert sent["wednesday"] == "2030-01-02"
    assert sent["rules"]["rooms"] == [
        {"name": "Salle 1", "seats": 120, "shows_per_day": 1},
        {"name": "Salle 2", "seats": 80, "shows_per_day": 1},
    ]
    assert programme.status == "draft" and not programme.is_replay
    assert programme.model_version == "7"
    assert _rooms(programme) == {"Salle 1": "f-monte", "Salle 2": "f-drame"}
    salle1 = programme.screenings.get(room="Salle 1")
    assert salle1.p50 == 520000 and salle1.expected_audience == pytest.approx(259.0, abs=1)
    assert programme.snapshot["pnl"]["fixed_costs"] == 4900.0
    assert programme.fixed_costs_eur == 4900.0 and programme.ticket_price_eur == 10.0
    assert AuditEvent.objects.filter(action="programme_create").count() == 1


def test_lock_exclude_and_swap_are_sent_to_the_api_and_audited(
    users: dict[Role, User], cinema: Cinema, contract_api: ContractApi
) -> None:
    manager = users[Role.MANAGER]
    programme = _draft(users, cinema)
    services.programme_lock(actor=manager, programme=programme, room="Salle 1", film_id="f-petit")
    assert contract_api.requests[-1]["locks"] == {"Salle 1": "f-petit"}
    assert _rooms(programme) == {"Salle 1": "f-petit", "Salle 2": "f-monte"}
    assert programme.screenings.get(room="Salle 1").locked

    services.programme_swap(actor=manager, programme=programme, room_a="Salle 1", room_b="Salle 2")
    assert contract_api.requests[-1]["locks"] == {"Salle 1": "f-monte", "Salle 2": "f-petit"}
    assert _rooms(programme) == {"Salle 1": "f-monte", "Salle 2": "f-petit"}

    services.programme_exclude(actor=manager, programme=programme, film_id="f-petit")
    assert contract_api.requests[-1]["exclusions"] == ["f-petit"]
    assert "f-petit" not in contract_api.requests[-1]["locks"].values()
    assert _rooms(programme)["Salle 2"] == "f-drame"
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["programme_lock", "programme_swap", "programme_exclude"]
    swap = AuditEvent.objects.get(action="programme_swap")
    assert swap.before == {"locks": {"Salle 1": "f-petit"}}


def test_manager_overrides_narrow_the_range_and_are_stored(
    users: dict[Role, User], cinema: Cinema, contract_api: ContractApi
) -> None:
    programme = _draft(users, cinema)
    before = next(c for c in programme.snapshot["candidates"] if c["film_id"] == "f-petit")
    services.programme_override_set(
        actor=users[Role.MANAGER],
        programme=programme,
        film_id="f-petit",
        distributor="Pathé",
        planned_copies=250,
    )
    assert contract_api.requests[-1]["overrides"] == [
        {"film_id": "f-petit", "distributor": "Pathé", "planned_copies": 250}
    ]
    after = next(c for c in programme.snapshot["candidates"] if c["film_id"] == "f-petit")
    assert after["copies"] == 250
    assert after["p90"] / after["p10"] < before["p90"] / before["p10"]
    event = AuditEvent.objects.get(action="programme_override")
    assert event.before == {"overrides": []}
    assert WeekProgramme.objects.get(pk=programme.pk).overrides[0]["planned_copies"] == 250


def test_an_extra_film_is_sent_as_a_film_in(
    users: dict[Role, User], cinema: Cinema, contract_api: ContractApi
) -> None:
    programme = _draft(users, cinema)
    services.programme_extra_film_add(
        actor=users[Role.MANAGER],
        programme=programme,
        film={
            "title": "Film oublié",
            "release_date": dt.date(2030, 1, 2),
            "planned_copies": 2000,
            "genre": "",
            "distributor": None,
        },
    )
    sent = contract_api.requests[-1]["extra_films"]
    assert sent == [
        {
            "title": "Film oublié",
            "release_date": "2030-01-02",
            "planned_copies": 2000,
            "source": "portal",
        }
    ]
    assert "Film oublié" in {c["title"] for c in programme.snapshot["candidates"]}
    assert _rooms(programme)["Salle 1"] == "f-extra0"
    services.programme_lock(
        actor=users[Role.MANAGER], programme=programme, room="Salle 1", film_id="f-extra0"
    )
    services.programme_extra_film_remove(
        actor=users[Role.MANAGER], programme=programme, film_id="f-extra0"
    )
    assert contract_api.requests[-1]["extra_films"] == []
    assert programme.locks == {} and "f-extra0" not in _rooms(programme).values()
    listed = _rooms(programme)["Salle 1"]
    assert listed is not None
    with pytest.raises(services.ProgrammeError, match="pas été ajouté à la main"):
        services.programme_extra_film_remove(
            actor=users[Role.MANAGER], programme=programme, film_id=listed
        )


def test_an_extra_film_opens_that_week_and_is_not_listed_twice(
    users: dict[Role, User], cinema: Cinema, contract_api: ContractApi
) -> None:
    programme = _draft(users, cinema)
    sent_before = len(contract_api.requests)
    listed = programme.snapshot["candidates"][0]["title"]
    refusals: dict[str, dict[str, Any]] = {
        "pas partie": {"title": "Test", "release_date": dt.date(1990, 1, 3)},
        "déjà parmi les films": {"title": f"  {listed.upper()} "},
        "déjà parmi": {"title": "LE  COMTE DE MONTE-CRISTÓ"},  # accents and spaces do not count
    }
    for message, film in refusals.items():
        with pytest.raises(services.ProgrammeError, match=message):
            services.programme_extra_film_add(
                actor=users[Role.MANAGER], programme=programme, film=film
            )
    assert len(contract_api.requests) == sent_before  # nothing was asked of the API
    programme.refresh_from_db()
    assert programme.extra_films == []
    services.programme_extra_film_add(
        actor=users[Role.MANAGER],
        programme=programme,
        film={"title": "Film du dimanche", "release_date": dt.date(2030, 1, 6)},
    )
    assert contract_api.requests[-1]["extra_films"][0]["release_date"] == "2030-01-06"


def test_a_week_already_started_is_stored_as_a_replay(
    users: dict[Role, User], cinema: Cinema
) -> None:
    assert services.is_replay_week(REPLAY_WEEK) is True
    assert services.is_replay_week(WEEK) is False
    assert services.is_replay_week(WEEK, asked=True) is True
    programme, _ = services.programme_draft_compute(
        actor=users[Role.MANAGER], cinema=cinema, wednesday=REPLAY_WEEK, replay=False
    )
    assert programme.is_replay is True


def test_accounts_are_unique_whatever_the_case_and_need_a_real_password(
    users: dict[Role, User],
) -> None:
    manager = users[Role.MANAGER]
    with pytest.raises(ValueError, match="« gerant » existe déjà"):
        user_create(actor=manager, username="GERANT", password=PASSWORD, role=Role.VIEWER)
    for name in ("   ", "", "a b/c<script>", "ab"):
        with pytest.raises(ValueError, match="Identifiant : 3 à 150"):
            user_create(actor=manager, username=name, password=PASSWORD, role=Role.VIEWER)
    with pytest.raises(ValueError, match="Mot de passe refusé"):
        user_create(
            actor=manager, username="equipe123456", password="equipe123456", role=Role.STAFF
        )


def test_a_new_password_replaces_the_old_one_for_the_manager_only(
    users: dict[Role, User],
) -> None:
    with pytest.raises(PermissionDenied):
        user_set_password(actor=users[Role.STAFF], username="gerant", password="Autre-Mot-2026!")
    user_set_password(actor=users[Role.MANAGER], username="CAISSE", password="Autre-Mot-2026!")
    staff = User.objects.get(username="caisse")
    assert staff.check_password("Autre-Mot-2026!") and not staff.check_password(PASSWORD)
    with pytest.raises(ValueError, match="Aucun compte « personne »"):
        user_set_password(actor=None, username="personne", password="Autre-Mot-2026!")


def test_publish_twice_makes_one_publication_and_changes_need_an_unpublish(
    users: dict[Role, User], cinema: Cinema
) -> None:
    manager = users[Role.MANAGER]
    programme = _draft(users, cinema)
    assert services.programme_publish(actor=manager, programme=programme) is True
    assert services.programme_publish(actor=manager, programme=programme) is False
    assert WeekProgramme.objects.filter(wednesday=WEEK).count() == 1
    assert AuditEvent.objects.filter(action="programme_publish").count() == 1
    with pytest.raises(services.ProgrammeError, match="dépubliez"):
        services.programme_lock(actor=manager, programme=programme, room="Salle 1", film_id=None)
    again, created = services.programme_draft_compute(actor=manager, cinema=cinema, wednesday=WEEK)
    assert not created and again.pk == programme.pk and again.is_published
    assert services.programme_unpublish(actor=manager, programme=programme) is True
    assert programme.status == "draft"
    assert AuditEvent.objects.filter(action="programme_unpublish").count() == 1


def test_a_week_has_one_published_programme_and_keeps_its_typed_attendance(
    users: dict[Role, User], cinema: Cinema
) -> None:
    manager = users[Role.MANAGER]
    real = _draft(users, cinema)
    services.programme_publish(actor=manager, programme=real)
    replay, _ = services.programme_draft_compute(
        actor=manager, cinema=cinema, wednesday=WEEK, replay=True
    )
    with pytest.raises(services.ProgrammeError, match="déjà son programme réel publié"):
        services.programme_publish(actor=manager, programme=replay)
    screening = real.screenings.exclude(film_id=None).first()
    assert screening is not None
    attendance_record(actor=manager, screening=screening, date=WEEK, admissions=40)
    with pytest.raises(services.ProgrammeError, match="1 journée"):
        services.programme_unpublish(actor=manager, programme=real)
    real.refresh_from_db()
    assert real.is_published and DailyAttendance.objects.count() == 1


def test_api_down_changes_nothing(
    users: dict[Role, User], cinema: Cinema, contract_api: ContractApi
) -> None:
    programme = _draft(users, cinema)
    snapshot = WeekProgramme.objects.get(pk=programme.pk).snapshot
    contract_api.down = True
    with pytest.raises(PredictorUnavailableError, match="modèle"):
        services.programme_exclude(
            actor=users[Role.MANAGER], programme=programme, film_id="f-monte"
        )
    stored = WeekProgramme.objects.get(pk=programme.pk)
    assert stored.exclusions == [] and stored.snapshot == snapshot
    assert not AuditEvent.objects.filter(action="programme_exclude").exists()
    with pytest.raises(PredictorUnavailableError):
        services.programme_draft_compute(
            actor=users[Role.MANAGER], cinema=cinema, wednesday=REPLAY_WEEK, replay=True
        )
    assert not WeekProgramme.objects.filter(wednesday=REPLAY_WEEK).exists()


def test_a_week_outside_the_api_range_is_refused_in_french(
    users: dict[Role, User], cinema: Cinema
) -> None:
    old = dt.date(1999, 1, 6)  # a Wednesday, before the first replayable week
    with pytest.raises(services.ProgrammeError) as refused:
        services.programme_draft_compute(
            actor=users[Role.MANAGER], cinema=cinema, wednesday=old, replay=True
        )
    assert "mercredis du 05/01/2005 au 31/12/2031" in str(refused.value)
    assert "outside" not in str(refused.value)
    assert not WeekProgramme.objects.filter(wednesday=old).exists()
    assert not AuditEvent.objects.filter(action="programme_create").exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_only_the_manager_changes_programmes(
    role: Role, users: dict[Role, User], cinema: Cinema
) -> None:
    with pytest.raises(PermissionDenied):
        services.programme_draft_compute(actor=users[role], cinema=cinema, wednesday=WEEK)
    programme = _draft(users, cinema)
    with pytest.raises(PermissionDenied):
        services.programme_publish(actor=users[role], programme=programme)
    with pytest.raises(PermissionDenied):
        cinema_rules_update(actor=users[role], cinema=cinema, fixed_costs_eur=1)


def _published(users: dict[Role, User], cinema: Cinema) -> WeekProgramme:
    programme = _draft(users, cinema)
    services.programme_publish(actor=users[Role.MANAGER], programme=programme)
    return programme


def test_attendance_bounds_dates_and_corrections(users: dict[Role, User], cinema: Cinema) -> None:
    programme = _published(users, cinema)
    salle2 = programme.screenings.get(room="Salle 2")
    staff = users[Role.STAFF]
    attendance_record(actor=staff, screening=salle2, date=WEEK, admissions=80)
    with pytest.raises(ValidationError, match="entre 0 et 80"):
        attendance_record(actor=staff, screening=salle2, date=WEEK, admissions=81)
    with pytest.raises(ValidationError, match="pas dans la semaine"):
        attendance_record(
            actor=staff, screening=salle2, date=WEEK + dt.timedelta(days=7), admissions=3
        )
    attendance_record(actor=staff, screening=salle2, date=WEEK, admissions=75)
    assert attendance_record(actor=staff, screening=salle2, date=WEEK, admissions=75) is None
    assert DailyAttendance.objects.get(screening=salle2, date=WEEK).admissions == 75
    correction = AuditEvent.objects.get(action="attendance_correct")
    assert correction.before == {"date": "2030-01-02", "admissions": 80}
    assert correction.after == {"date": "2030-01-02", "admissions": 75}
    assert correction.actor_username == "caisse"
    with pytest.raises(PermissionDenied):
        attendance_record(actor=users[Role.VIEWER], screening=salle2, date=WEEK, admissions=1)


def test_attendance_needs_a_published_week(users: dict[Role, User], cinema: Cinema) -> None:
    programme = _draft(users, cinema)
    with pytest.raises(ValidationError, match="programme publié"):
        attendance_record(
            actor=users[Role.STAFF],
            screening=programme.screenings.get(room="Salle 1"),
            date=WEEK,
            admissions=3,
        )


def test_a_week_of_attendance_is_stored_all_or_nothing(
    users: dict[Role, User], cinema: Cinema
) -> None:
    programme = _published(users, cinema)
    screenings = {s.pk: s for s in programme.screenings.all()}
    salle1 = programme.screenings.get(room="Salle 1")
    with pytest.raises(ValidationError):
        attendance_record_week(
            actor=users[Role.STAFF],
            programme_screenings=screenings,
            values={(salle1.pk, WEEK): 50, (salle1.pk, WEEK + dt.timedelta(days=1)): 500},
        )
    assert not DailyAttendance.objects.exists()


def test_rules_update_is_validated_and_audited(users: dict[Role, User], cinema: Cinema) -> None:
    manager = users[Role.MANAGER]
    room = Room.objects.get(name="Salle 2")
    cinema_rules_update(
        actor=manager, cinema=cinema, rooms={room.pk: (90, 2)}, fixed_costs_eur=5200
    )
    assert cinema_rules_payload(cinema)["rooms"][1] == {
        "name": "Salle 2",
        "seats": 90,
        "shows_per_day": 2,
    }
    event = AuditEvent.objects.get(action="rules_update")
    assert isinstance(event.before, dict) and isinstance(event.after, dict)
    assert (event.before["fixed_costs_eur"], event.after["fixed_costs_eur"]) == (4900.0, 5200.0)
    assert event.after["rooms"][1] == {"name": "Salle 2", "seats": 90, "shows_per_day": 2}
    with pytest.raises(ValidationError, match="7 poids positifs"):
        cinema_rules_update(actor=manager, cinema=cinema, weekday_profile=[1, 1, 1])
    assert CinemaSettings.objects.get(cinema=cinema).weekday_profile == [1.0] * 7
    assert Screening.objects.count() == 0


def test_the_weekly_mail_writes_numbers_in_french_and_says_a_replay(
    users: dict[Role, User], cinema: Cinema, mailoutbox: list[Any]
) -> None:
    real = _draft(users, cinema)
    replay, _ = services.programme_draft_compute(
        actor=users[Role.MANAGER], cinema=cinema, wednesday=REPLAY_WEEK, replay=True
    )
    for programme in (real, replay):
        weekly_draft_mail(cinema=cinema, wednesday=programme.wednesday, programme=programme)
    real_mail, replay_mail = mailoutbox
    receipts = real.expected_receipts_eur
    assert receipts >= 1000  # so that the digits are grouped
    assert f"Recettes attendues : {group(receipts)}\u202f€" in real_mail.body
    assert "\u202f" in group(receipts) and "rejeu" not in real_mail.body
    assert "(rejeu : une semaine passée" in replay_mail.body
    assert "&rejeu=on" in replay_mail.body
