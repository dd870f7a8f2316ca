"""Reading attendance: a week's grid, and the weeks the cinema has fully typed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.attendance.models import DailyAttendance
from portal.cinemas.models import Cinema
from portal.programmes.models import Screening, WeekProgramme
from portal.programmes.selectors import week_dates


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
        for date in week_dates(programme.wednesday):
            counts = [
                next((row.admissions for row in s.attendance.all() if row.date == date), None)
                for s in screenings
            ]
            if any(count is None for count in counts):
                break
            totals.append(sum(count for count in counts if count is not None))
        if len(totals) == 7:
            weeks.append(
                AttendanceWeek(
                    wednesday=programme.wednesday,
                    daily_totals=tuple(totals),
                    national_admissions=sum(s.p50 or 0.0 for s in screenings),
                )
            )
    return weeks
