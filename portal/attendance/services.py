"""Typing what really happened: each room's admissions each day of a published week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction

from portal.attendance.models import DailyAttendance
from portal.audit.services import audit_record
from portal.programmes.models import Screening
from portal.web.roles import Role, require_role

Actor = AbstractBaseUser | AnonymousUser | None


def attendance_validate(*, screening: Screening, date: dt.date, admissions: int) -> None:
    """ValidationError (French) unless the date is in the week and 0 <= n <= seats x shows."""
    week_start = screening.programme.wednesday
    week_end = week_start + dt.timedelta(days=6)
    if not week_start <= date <= week_end:
        raise ValidationError(
            f"Le {date:%d/%m/%Y} n'est pas dans la semaine du {week_start:%d/%m/%Y} au "
            f"{week_end:%d/%m/%Y} : choisissez un jour de cette semaine."
        )
    capacity = screening.daily_capacity
    if not 0 <= admissions <= capacity:
        typed = f"{admissions:,}".replace(",", "\u202f").replace("-", "\u2212")
        shows = screening.shows_per_day
        raise ValidationError(
            f"{screening.room}, {date:%d/%m/%Y} : {typed} entrées, c'est impossible ; "
            f"tapez un nombre entre 0 et {capacity} ({screening.seats} places × {shows} "
            f"séance{'s' if shows > 1 else ''} par jour)."
        )


def _require_typable(actor: Actor, screening: Screening) -> None:
    """Staff or manager, on a published week: who may type or erase a day's attendance."""
    require_role(actor, Role.MANAGER, Role.STAFF)
    if not screening.programme.is_published:
        raise ValidationError(
            "Les entrées se saisissent sur un programme publié : publiez d'abord la semaine."
        )


@transaction.atomic
def attendance_record(
    *, actor: Actor, screening: Screening, date: dt.date, admissions: int
) -> DailyAttendance | None:
    """Store one day's admissions of a room (staff or manager); a correction is audited.

    Returns the row, or None when the value was already stored (nothing changes).
    """
    _require_typable(actor, screening)
    if screening.film_id is None:
        raise ValidationError(f"{screening.room} n'a pas de film cette semaine.")
    attendance_validate(screening=screening, date=date, admissions=admissions)
    row = DailyAttendance.objects.select_for_update().filter(screening=screening, date=date).first()
    user = actor if isinstance(actor, User) else None
    if row is not None and row.admissions == admissions:
        return None
    before = row.admissions if row is not None else None
    if row is None:
        row = DailyAttendance(screening=screening, date=date, admissions=admissions)
    row.admissions = admissions
    row.entered_by = user
    row.full_clean()
    row.save()
    correction = before is not None
    audit_record(
        actor=actor,
        action="attendance_correct" if correction else "attendance_enter",
        object_type="screening",
        object_id=screening.pk,
        summary=(
            f"{screening.room} {date:%d/%m/%Y} : "
            + (
                f"{before} corrigé en {admissions} entrées"
                if correction
                else f"{admissions} entrées"
            )
        ),
        before={"date": date.isoformat(), "admissions": before} if correction else None,
        after={"date": date.isoformat(), "admissions": admissions},
    )
    return row


@transaction.atomic
def attendance_clear(*, actor: Actor, screening: Screening, date: dt.date) -> bool:
    """Erase one day's admissions of a room (typed on the wrong day, say), audited; False when
    nothing was stored."""
    _require_typable(actor, screening)
    row = DailyAttendance.objects.select_for_update().filter(screening=screening, date=date).first()
    if row is None:
        return False
    before = row.admissions
    row.delete()
    audit_record(
        actor=actor,
        action="attendance_clear",
        object_type="screening",
        object_id=screening.pk,
        summary=f"{screening.room} {date:%d/%m/%Y} : {before} entrées effacées",
        before={"date": date.isoformat(), "admissions": before},
        after=None,
    )
    return True


@transaction.atomic
def attendance_record_week(
    *,
    actor: Actor,
    programme_screenings: dict[int, Screening],
    values: Mapping[tuple[int, dt.date], int | None],
) -> int:
    """Store several days at once, all or nothing; returns how many values changed.

    `values` maps (screening id, date) to admissions, or to None to erase that day's value; the
    first invalid value raises a ValidationError and nothing of the batch is stored.
    """
    changed = 0
    for (screening_id, date), admissions in sorted(values.items()):
        screening = programme_screenings.get(screening_id)
        if screening is None:
            raise ValidationError("Cette salle n'appartient pas au programme : rechargez la page.")
        if admissions is None:
            changed += attendance_clear(actor=actor, screening=screening, date=date)
        elif attendance_record(actor=actor, screening=screening, date=date, admissions=admissions):
            changed += 1
    return changed
