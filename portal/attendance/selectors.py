"""Reading attendance: a week's grid, the weeks the cinema has fully typed, and what the
predictor API learns from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.attendance.models import DailyAttendance
from portal.cinemas.models import Cinema
from portal.programmes.models import Screening, WeekProgramme
from portal.programmes.predictor_client import (
    LearnedRules,
    PredictorError,
    PredictorRejectedError,
    get_predictor_client,
)
from portal.web.weeks import week_dates


@dataclass(frozen=True)
class AttendanceCell:
    """One room and day of the grid: the value typed (None if not yet) and the most allowed."""

    screening: Screening
    date: dt.date
    admissions: int | None
    capacity: int

    @property
    def name(self) -> str:
        """The form field name of the cell."""
        return f"s{self.screening.pk}-{self.date.isoformat()}"


def attendance_grid(programme: WeekProgramme) -> list[list[AttendanceCell]]:
    """Rows of days (Wednesday to Tuesday), one cell per room with a film."""
    screenings = [s for s in programme.screenings.all() if s.film_id]
    typed = {
        (row.screening_id, row.date): row.admissions
        for row in DailyAttendance.objects.filter(screening__in=screenings)
    }
    return [
        [
            AttendanceCell(
                screening=screening,
                date=date,
                admissions=typed.get((screening.pk, date)),
                capacity=screening.daily_capacity,
            )
            for screening in screenings
        ]
        for date in week_dates(programme.wednesday)
    ]


@dataclass(frozen=True)
class AttendanceWeek:
    """A published week whose seven days are all typed: its daily totals and national P50s."""

    wednesday: dt.date
    daily_totals: tuple[int, ...]
    national_admissions: float
    """The national first-week admissions the week's films were expected to make (sum of P50)."""
    screening_days: tuple[tuple[str, str, dt.date, int], ...] = ()
    """Every (film id, room, date, admissions) of the week, for learning from it."""


def attendance_complete_weeks(*, cinema: Cinema) -> list[AttendanceWeek]:
    """The published weeks with every day of every room typed, oldest first."""
    weeks: list[AttendanceWeek] = []
    programmes = (
        WeekProgramme.objects.filter(cinema=cinema, status=WeekProgramme.Status.PUBLISHED)
        .order_by("wednesday")
        .prefetch_related("screenings__attendance")
    )
    for programme in programmes:
        screenings = [s for s in programme.screenings.all() if s.film_id]
        if not screenings:
            continue
        totals = []
        days: list[tuple[str, str, dt.date, int]] = []
        for date in week_dates(programme.wednesday):
            counts = [
                next((row.admissions for row in s.attendance.all() if row.date == date), None)
                for s in screenings
            ]
            if any(count is None for count in counts):
                break
            totals.append(sum(count for count in counts if count is not None))
            days += [
                (s.film_id or "", s.room, date, count)
                for s, count in zip(screenings, counts, strict=True)
                if count is not None
            ]
        if len(totals) == 7:
            weeks.append(
                AttendanceWeek(
                    wednesday=programme.wednesday,
                    daily_totals=tuple(totals),
                    national_admissions=sum(s.p50 or 0.0 for s in screenings),
                    screening_days=tuple(days),
                )
            )
    return weeks


LEARNING_WEEKS = 52
"""The latest complete weeks sent to learn from: a year of habits, well under the API's limit."""


def attendance_learning_payload(*, cinema: Cinema) -> tuple[int, list[dict[str, object]]]:
    """How many complete weeks the cinema has, and the latest `LEARNING_WEEKS` of them as the
    `attendance` of `POST /v1/rules/learned` (docs/api.md)."""
    weeks = attendance_complete_weeks(cinema=cinema)
    rows = [
        {"film_id": film_id, "room": room, "date": date.isoformat(), "admissions": admissions}
        for week in weeks[-LEARNING_WEEKS:]
        for film_id, room, date, admissions in week.screening_days
    ]
    return len(weeks), rows


@dataclass(frozen=True)
class LearnedRulesState:
    """What the Paramètres page shows of the rules learnt from attendance.

    `learned` is the API's answer, or None with `message` (French) saying why: no complete week
    yet, too few of them, or the API unreachable.
    """

    complete_weeks: int
    learned: LearnedRules | None
    message: str | None


def learned_rules_get(*, cinema: Cinema) -> LearnedRulesState:
    """Ask the API what the cinema's complete weeks of attendance teach (never raises)."""
    complete_weeks, attendance = attendance_learning_payload(cinema=cinema)
    if not complete_weeks:
        return LearnedRulesState(
            0,
            None,
            "Aucune semaine de fréquentation complète pour l'instant : saisissez chaque jour de "
            "chaque salle, et mercredi apprendra le profil de la semaine et la part d'audience.",
        )
    try:
        with get_predictor_client() as client:
            learned = client.learned_rules(attendance)
    except PredictorRejectedError as error:
        message = (
            "Pas encore assez de semaines de fréquentation complètes pour apprendre "
            f"({complete_weeks} pour l'instant) : continuez la saisie."
            if "complete week" in error.detail
            else error.message
        )
        return LearnedRulesState(complete_weeks, None, message)
    except PredictorError as error:
        return LearnedRulesState(
            complete_weeks, None, f"Règles apprises indisponibles : {error.message}"
        )
    return LearnedRulesState(complete_weeks, learned, None)
