"""The manager's actions on a week's programme.

The portal never computes a programme: every change (lock, exclusion, swap, a typed distributor
or number of copies, an extra film) is stored as a parameter of the week, then the API is asked
again with all of them and its answer replaces the stored one in one transaction. If the API does
not answer, nothing is changed and the error says so in French.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from portal.attendance.models import DailyAttendance
from portal.audit.services import audit_record
from portal.cinemas.models import Cinema
from portal.cinemas.selectors import cinema_rules_get, cinema_rules_payload
from portal.programmes.models import Screening, WeekProgramme
from portal.programmes.predictor_client import (
    PredictorClient,
    PredictorRejectedError,
    ProgrammeProposal,
    get_predictor_client,
)
from portal.programmes.titles import title_key
from portal.web.roles import Role, require_role
from portal.web.weeks import is_wednesday, next_wednesday, week_dates

Actor = AbstractBaseUser | AnonymousUser | None
ALTERNATIVES = 3


class ProgrammeError(Exception):
    """A change the programme cannot take; the message is French and says what to do."""


def _request_body(programme: WeekProgramme) -> dict[str, Any]:
    return {
        "wednesday": programme.wednesday.isoformat(),
        "rules": cinema_rules_payload(programme.cinema),
        "locks": dict(programme.locks),
        "exclusions": list(programme.exclusions),
        "overrides": list(programme.overrides),
        "extra_films": list(programme.extra_films),
        "alternatives": ALTERNATIVES,
    }


def _store_proposal(programme: WeekProgramme, proposal: ProgrammeProposal) -> None:
    """Write the API's answer on the programme and replace its screenings (in a transaction)."""
    by_film = {candidate.film_id: candidate for candidate in proposal.candidates}
    rules = cinema_rules_get(programme.cinema)
    programme.model_version = proposal.model_version or ""
    programme.snapshot = proposal.model_dump(mode="json")
    programme.rules = cinema_rules_payload(programme.cinema)
    programme.ticket_price_eur = float(rules.ticket_price_eur)
    programme.fixed_costs_eur = float(rules.fixed_costs_eur)
    programme.expected_receipts_eur = proposal.programme.expected_receipts
    programme.computed_at = timezone.now()
    programme.full_clean()
    programme.save()
    programme.screenings.all().delete()
    for position, slot in enumerate(proposal.programme.slots):
        film = by_film.get(slot.film_id) if slot.film_id else None
        screening = Screening(
            programme=programme,
            position=position,
            room=slot.room,
            seats=slot.seats,
            shows_per_day=slot.shows_per_day,
            film_id=slot.film_id,
            title=slot.title or "",
            distributor=(film.distributor or "") if film else "",
            copies=film.copies if film else None,
            p10=slot.p10,
            p50=slot.p50,
            p90=slot.p90,
            expected_audience=slot.expected_audience,
            expected_receipts_eur=slot.expected_receipts,
            p10_receipts_eur=slot.p10_receipts,
            locked=programme.locks.get(slot.room) == slot.film_id and slot.film_id is not None,
        )
        screening.full_clean()
        screening.save()


def _recompute(
    programme: WeekProgramme,
    *,
    actor: Actor,
    action: str,
    summary: str,
    before: Any = None,
    after: Any = None,
    client: PredictorClient | None = None,
) -> WeekProgramme:
    """Ask the API with the programme's parameters, store the answer and audit the change."""
    owned = client is None
    client = client or get_predictor_client()
    try:
        proposal = client.programme(_request_body(programme))
    except PredictorRejectedError:
        # The API's refusal of a week outside its range is English: say it in French.
        outside = client.weeks().out_of_range(programme.wednesday)
        if outside:
            raise ProgrammeError(outside) from None
        raise
    finally:
        if owned:
            client.close()
    with transaction.atomic():
        if programme.pk is not None:
            current = WeekProgramme.objects.select_for_update().get(pk=programme.pk)
            if current.is_published:
                raise ProgrammeError("Ce programme est publié : dépubliez-le avant de le modifier.")
        _store_proposal(programme, proposal)
        audit_record(
            actor=actor,
            action=action,
            object_type="programme",
            object_id=programme.pk,
            summary=summary,
            before=before,
            after=after,
        )
    return programme


def _editable(programme: WeekProgramme, actor: Actor) -> None:
    require_role(actor, Role.MANAGER)
    if programme.is_published:
        raise ProgrammeError("Ce programme est publié : dépubliez-le avant de le modifier.")


def is_replay_week(wednesday: dt.date, *, asked: bool = False) -> bool:
    """Whether the week's programme is a replay: when asked, and always for a week already
    started (before the next Wednesday), whose proposal can only be made after the fact."""
    return asked or wednesday < next_wednesday(timezone.localdate())


def _new_programme(
    *, actor: Actor, cinema: Cinema, wednesday: dt.date, replay: bool
) -> WeekProgramme:
    """A programme not saved yet, with the cinema's price and costs of today."""
    rules = cinema_rules_get(cinema)
    return WeekProgramme(
        cinema=cinema,
        wednesday=wednesday,
        is_replay=replay,
        created_by=actor if isinstance(actor, User) else None,
        ticket_price_eur=float(rules.ticket_price_eur),
        fixed_costs_eur=float(rules.fixed_costs_eur),
    )


def programme_draft_compute(
    *,
    actor: Actor,
    cinema: Cinema,
    wednesday: dt.date,
    replay: bool = False,
    client: PredictorClient | None = None,
) -> tuple[WeekProgramme, bool]:
    """The week's draft, asked of the API and stored; (programme, created).

    Idempotent: an existing programme of that week is returned as it is (published or not)
    unless it is a draft, which is recomputed with its stored locks and overrides. A week
    already started is a replay whatever `replay` says (`is_replay_week`), unless it was stored
    as a real week while it was still to come.
    """
    require_role(actor, Role.MANAGER)
    if not is_wednesday(wednesday):
        raise ProgrammeError(f"Le {wednesday:%d/%m/%Y} n'est pas un mercredi.")
    existing = WeekProgramme.objects.filter(
        cinema=cinema, wednesday=wednesday, is_replay=replay
    ).first()
    if existing is None and is_replay_week(wednesday, asked=replay) != replay:
        replay = True
        existing = WeekProgramme.objects.filter(
            cinema=cinema, wednesday=wednesday, is_replay=True
        ).first()
    if existing is not None:
        if existing.is_published:
            return existing, False
        return (
            _recompute(
                existing,
                actor=actor,
                action="programme_recompute",
                summary=f"Proposition du {wednesday:%d/%m/%Y} recalculée",
                client=client,
            ),
            False,
        )
    programme = _new_programme(actor=actor, cinema=cinema, wednesday=wednesday, replay=replay)
    kind = "rejeu" if replay else "brouillon"
    _recompute(
        programme,
        actor=actor,
        action="programme_create",
        summary=f"Proposition ({kind}) du {wednesday:%d/%m/%Y} créée",
        client=client,
    )
    return programme, True


def programme_recompute(*, actor: Actor, programme: WeekProgramme) -> WeekProgramme:
    """Ask the API again with the week's stored parameters (a draft only)."""
    _editable(programme, actor)
    return _recompute(
        programme,
        actor=actor,
        action="programme_recompute",
        summary=f"Proposition du {programme.wednesday:%d/%m/%Y} recalculée",
    )


def _candidate_ids(programme: WeekProgramme) -> set[str]:
    return {candidate["film_id"] for candidate in programme.snapshot.get("candidates", [])}


def _room_names(programme: WeekProgramme) -> list[str]:
    return [room["name"] for room in cinema_rules_payload(programme.cinema)["rooms"]]


def programme_lock(
    *, actor: Actor, programme: WeekProgramme, room: str, film_id: str | None
) -> WeekProgramme:
    """Lock a film in a room (or free the room with `film_id=None`), then recompute."""
    _editable(programme, actor)
    if room not in _room_names(programme):
        raise ProgrammeError(f"La salle « {room} » n'existe pas.")
    before = dict(programme.locks)
    locks = {name: film for name, film in programme.locks.items() if film != film_id}
    if film_id is None:
        locks.pop(room, None)
        summary = f"{room} libérée"
    else:
        if film_id not in _candidate_ids(programme):
            raise ProgrammeError(f"Le film « {film_id} » n'est pas candidat cette semaine.")
        locks[room] = film_id
        programme.exclusions = [film for film in programme.exclusions if film != film_id]
        summary = f"{_title(programme, film_id)} verrouillé en {room}"
    programme.locks = locks
    return _recompute(
        programme,
        actor=actor,
        action="programme_lock",
        summary=summary,
        before={"locks": before},
        after={"locks": locks},
    )


def programme_exclude(
    *, actor: Actor, programme: WeekProgramme, film_id: str, excluded: bool = True
) -> WeekProgramme:
    """Exclude a film from the week (or take it back), then recompute."""
    _editable(programme, actor)
    if film_id not in _candidate_ids(programme):
        raise ProgrammeError(f"Le film « {film_id} » n'est pas candidat cette semaine.")
    before = list(programme.exclusions)
    exclusions = [film for film in programme.exclusions if film != film_id]
    if excluded:
        exclusions.append(film_id)
        programme.locks = {room: film for room, film in programme.locks.items() if film != film_id}
    programme.exclusions = exclusions
    verb = "exclu" if excluded else "réintégré"
    return _recompute(
        programme,
        actor=actor,
        action="programme_exclude",
        summary=f"{_title(programme, film_id)} {verb}",
        before={"exclusions": before},
        after={"exclusions": exclusions},
    )


def programme_swap(
    *, actor: Actor, programme: WeekProgramme, room_a: str, room_b: str
) -> WeekProgramme:
    """Swap the films of two rooms: each is locked in the other's room, then recompute."""
    _editable(programme, actor)
    films = {screening.room: screening.film_id for screening in programme.screenings.all()}
    if room_a not in films or room_b not in films or room_a == room_b:
        raise ProgrammeError("Choisissez deux salles différentes du programme pour les échanger.")
    before = dict(programme.locks)
    locks = dict(programme.locks)
    for room, film in ((room_a, films[room_b]), (room_b, films[room_a])):
        if film is None:
            locks.pop(room, None)
        else:
            locks[room] = film
    programme.locks = locks
    return _recompute(
        programme,
        actor=actor,
        action="programme_swap",
        summary=f"Films de {room_a} et {room_b} échangés",
        before={"locks": before},
        after={"locks": locks},
    )


def programme_override_set(
    *,
    actor: Actor,
    programme: WeekProgramme,
    film_id: str,
    distributor: str | None,
    planned_copies: int | None,
) -> WeekProgramme:
    """Store the distributor and planned copies the manager typed for a film, then recompute."""
    _editable(programme, actor)
    if film_id not in _candidate_ids(programme):
        raise ProgrammeError(f"Le film « {film_id} » n'est pas candidat cette semaine.")
    if planned_copies is not None and not 1 <= planned_copies <= 10000:
        raise ProgrammeError(
            f"{planned_copies} copies : indiquez un nombre de copies entre 1 et 10 000."
        )
    before = list(programme.overrides)
    overrides = [item for item in programme.overrides if item.get("film_id") != film_id]
    override: dict[str, Any] = {"film_id": film_id}
    if distributor:
        override["distributor"] = distributor.strip()
    if planned_copies is not None:
        override["planned_copies"] = planned_copies
    if len(override) > 1:
        overrides.append(override)
    programme.overrides = overrides
    return _recompute(
        programme,
        actor=actor,
        action="programme_override",
        summary=f"Distributeur / copies de {_title(programme, film_id)} saisis",
        before={"overrides": before},
        after={"overrides": overrides},
    )


def _extra_film_entry(wednesday: dt.date, film: dict[str, Any], listed: set[str]) -> dict[str, Any]:
    """`film` as the API's `FilmIn` entry of the week starting `wednesday`; ProgrammeError (in
    French) without a title, for a title already `listed` (`title_key`s) or a release date
    outside the week."""
    title = str(film.get("title", "")).strip()
    if not title:
        raise ProgrammeError("Donnez le titre du film à ajouter.")
    if title_key(title) in listed:
        raise ProgrammeError(
            f"« {title} » est déjà parmi les films de la semaine : saisissez plutôt son "
            "distributeur et ses copies dans la liste."
        )
    entry = {key: value for key, value in film.items() if value not in (None, "")}
    entry["title"] = title
    entry["source"] = "portal"
    days = week_dates(wednesday)
    release = entry.get("release_date", wednesday)
    if isinstance(release, str):
        release = dt.date.fromisoformat(release)
    if release not in days:
        raise ProgrammeError(
            f"Un film ajouté sort dans la semaine du programme, du {days[0]:%d/%m/%Y} au "
            f"{days[-1]:%d/%m/%Y} ; la date de sortie donnée ({release:%d/%m/%Y}) n'en fait "
            "pas partie."
        )
    entry["release_date"] = release.isoformat()
    return entry


def programme_start_with_film(
    *, actor: Actor, cinema: Cinema, wednesday: dt.date, film: dict[str, Any]
) -> WeekProgramme:
    """A coming week nobody announced (no network for the crawlers): a draft of the films the
    manager knows, starting with `film`; on a week already drafted, `film` is added to it."""
    require_role(actor, Role.MANAGER)
    existing = WeekProgramme.objects.filter(
        cinema=cinema, wednesday=wednesday, is_replay=False
    ).first()
    if existing is not None:
        return programme_extra_film_add(actor=actor, programme=existing, film=film)
    if not is_wednesday(wednesday) or is_replay_week(wednesday):
        raise ProgrammeError(
            f"Le {wednesday:%d/%m/%Y} n'est pas un mercredi à venir : les films se saisissent "
            "pour la semaine prochaine ou une suivante."
        )
    entry = _extra_film_entry(wednesday, film, listed=set())
    programme = _new_programme(actor=actor, cinema=cinema, wednesday=wednesday, replay=False)
    programme.extra_films = [entry]
    return _recompute(
        programme,
        actor=actor,
        action="programme_create",
        summary=f"Proposition (brouillon) du {wednesday:%d/%m/%Y} créée avec « {entry['title']} »",
    )


def programme_extra_film_add(
    *, actor: Actor, programme: WeekProgramme, film: dict[str, Any]
) -> WeekProgramme:
    """Add a film the crawlers missed (the API's `FilmIn`), then recompute."""
    _editable(programme, actor)
    listed = {
        title_key(candidate.get("title")) for candidate in programme.snapshot.get("candidates", [])
    } | {title_key(extra.get("title")) for extra in programme.extra_films}
    entry = _extra_film_entry(programme.wednesday, film, listed)
    before = list(programme.extra_films)
    programme.extra_films = [*programme.extra_films, entry]
    return _recompute(
        programme,
        actor=actor,
        action="programme_extra_film",
        summary=f"Film ajouté à la main : {entry['title']}",
        before={"extra_films": before},
        after={"extra_films": programme.extra_films},
    )


def programme_extra_film_remove(
    *, actor: Actor, programme: WeekProgramme, film_id: str
) -> WeekProgramme:
    """Take back a film added by hand (a typo, a wrong date), with its lock, exclusion and
    typed copies, then recompute."""
    _editable(programme, actor)
    title = next(
        (
            candidate.get("title")
            for candidate in programme.snapshot.get("candidates", [])
            if candidate.get("film_id") == film_id
        ),
        None,
    )
    kept = [
        extra
        for extra in programme.extra_films
        if title_key(extra.get("title")) != title_key(title)
    ]
    if title is None or len(kept) == len(programme.extra_films):
        raise ProgrammeError("Ce film n'a pas été ajouté à la main : excluez-le plutôt.")
    before = list(programme.extra_films)
    programme.extra_films = kept
    programme.locks = {room: film for room, film in programme.locks.items() if film != film_id}
    programme.exclusions = [film for film in programme.exclusions if film != film_id]
    programme.overrides = [o for o in programme.overrides if o.get("film_id") != film_id]
    return _recompute(
        programme,
        actor=actor,
        action="programme_extra_film_remove",
        summary=f"Film ajouté à la main retiré : {title}",
        before={"extra_films": before},
        after={"extra_films": programme.extra_films},
    )


@transaction.atomic
def programme_publish(*, actor: Actor, programme: WeekProgramme) -> bool:
    """Publish the week (manager only); publishing twice changes nothing. True if it changed."""
    require_role(actor, Role.MANAGER)
    current = WeekProgramme.objects.select_for_update().get(pk=programme.pk)
    if current.is_published:
        return False
    other = (
        WeekProgramme.objects.filter(
            cinema=current.cinema,
            wednesday=current.wednesday,
            status=WeekProgramme.Status.PUBLISHED,
        )
        .exclude(pk=current.pk)
        .first()
    )
    if other is not None:
        kind = "son rejeu" if other.is_replay else "son programme réel"
        raise ProgrammeError(
            f"Le mercredi {current.wednesday:%d/%m/%Y} a déjà {kind} publié : une semaine n'a "
            "qu'un programme publié. Dépubliez-le d'abord pour publier celui-ci."
        )
    if not current.screenings.exclude(film_id=None).exists():
        raise ProgrammeError("Ce programme n'a aucun film : recalculez-le avant de le publier.")
    current.status = WeekProgramme.Status.PUBLISHED
    current.published_at = timezone.now()
    current.published_by = actor if isinstance(actor, User) else None
    current.full_clean()
    current.save()
    audit_record(
        actor=actor,
        action="programme_publish",
        object_type="programme",
        object_id=current.pk,
        summary=f"Programme du {current.wednesday:%d/%m/%Y} publié",
        before={"status": "draft"},
        after={"status": "published", "films": _films(current)},
    )
    programme.refresh_from_db()
    return True


@transaction.atomic
def programme_unpublish(*, actor: Actor, programme: WeekProgramme) -> bool:
    """Take a published week back to draft (manager only), audited. True if it changed."""
    require_role(actor, Role.MANAGER)
    current = WeekProgramme.objects.select_for_update().get(pk=programme.pk)
    if not current.is_published:
        return False
    typed = DailyAttendance.objects.filter(screening__programme=current).count()
    if typed:
        raise ProgrammeError(
            f"{typed} journée(s) d'entrées sont saisies pour la semaine du "
            f"{current.wednesday:%d/%m/%Y} : la modifier les perdrait. Effacez-les d'abord dans "
            "Saisie si le programme doit vraiment changer."
        )
    current.status = WeekProgramme.Status.DRAFT
    current.full_clean()
    current.save()
    audit_record(
        actor=actor,
        action="programme_unpublish",
        object_type="programme",
        object_id=current.pk,
        summary=f"Programme du {current.wednesday:%d/%m/%Y} dépublié",
        before={"status": "published", "published_at": str(current.published_at)},
        after={"status": "draft"},
    )
    programme.refresh_from_db()
    return True


def _films(programme: WeekProgramme) -> dict[str, str]:
    return {screening.room: screening.title for screening in programme.screenings.all()}


def _title(programme: WeekProgramme, film_id: str) -> str:
    for candidate in programme.snapshot.get("candidates", []):
        if candidate.get("film_id") == film_id:
            return f"« {candidate.get('title', film_id)} »"
    return f"« {film_id} »"
