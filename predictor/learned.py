"""The cinema's rules learnt from its own attendance: its weekday profile and audience share.

The attendance comes per screening and day (film, room, date, people); the days are grouped
into cinema weeks (Wednesday to Tuesday) and only complete weeks count: every room showing a
film that week has its seven days. The learning itself is the programme engine's
(`weekday_profile_from_attendance`, `audience_share_from_attendance`); this module only gathers
what they learn from.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from landing.weeks import wednesday_of
from predictor.programme import (
    MIN_LEARNING_WEEKS,
    WEEKDAYS,
    audience_share_from_attendance,
    weekday_profile_from_attendance,
)


@dataclass(frozen=True)
class AttendanceDay:
    """The people who came to one screening (a film in a room) on one day."""

    film_id: str
    room: str
    date: dt.date
    admissions: int


@dataclass(frozen=True)
class LearnedRules:
    """What the cinema's attendance teaches, and what it rests on."""

    weekday_profile: tuple[float, ...]
    """Seven weights, Wednesday to Tuesday, summing to 1."""
    audience_share: float | None
    """Cinema admissions over national first-week admissions; None when no film of the complete
    weeks has its national admissions in the warehouse yet."""
    weeks: int
    first_wednesday: dt.date
    last_wednesday: dt.date
    incomplete_weeks: int
    films: int
    """Films whose national admissions are known (the share rests on them)."""
    films_without_actuals: int


def learn_rules(
    days: Iterable[AttendanceDay], national_admissions: Mapping[str, float]
) -> LearnedRules:
    """The weekday profile and audience share learnt from the complete weeks of `days`.

    `national_admissions` maps a film id to its national first-week admissions. ValueError
    (naming the screening, or how many complete weeks there are) for a day typed twice or fewer
    than `MIN_LEARNING_WEEKS` complete weeks.
    """
    weeks: dict[dt.date, dict[tuple[str, str], dict[dt.date, int]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for day in days:
        screening = weeks[wednesday_of(day.date)][(day.film_id, day.room)]
        if day.date in screening:
            raise ValueError(
                f"attendance of film {day.film_id!r} in room {day.room!r} on {day.date} is given "
                "twice; send each screening's day once"
            )
        screening[day.date] = day.admissions
    complete = {
        wednesday: screenings
        for wednesday, screenings in sorted(weeks.items())
        if all(len(dates) == len(WEEKDAYS) for dates in screenings.values())
    }
    if len(complete) < MIN_LEARNING_WEEKS:
        raise ValueError(
            f"only {len(complete)} complete week(s) of attendance ({len(weeks) - len(complete)} "
            f"incomplete); learning needs at least {MIN_LEARNING_WEEKS}: type every day of "
            "every room, Wednesday to Tuesday"
        )
    daily_totals = [
        [
            sum(dates[wednesday + dt.timedelta(days=offset)] for dates in screenings.values())
            for offset in range(len(WEEKDAYS))
        ]
        for wednesday, screenings in complete.items()
    ]
    profile = weekday_profile_from_attendance(daily_totals)
    film_weeks: dict[tuple[dt.date, str], int] = defaultdict(int)
    for wednesday, screenings in complete.items():
        for (film_id, _room), dates in screenings.items():
            film_weeks[(wednesday, film_id)] += sum(dates.values())
    pairs = [
        (float(people), float(national_admissions[film_id]))
        for (_wednesday, film_id), people in film_weeks.items()
        if national_admissions.get(film_id, 0.0) > 0
    ]
    share = audience_share_from_attendance(pairs) if pairs else None
    wednesdays = list(complete)
    return LearnedRules(
        weekday_profile=profile,
        audience_share=share,
        weeks=len(complete),
        first_wednesday=wednesdays[0],
        last_wednesday=wednesdays[-1],
        incomplete_weeks=len(weeks) - len(complete),
        films=len(pairs),
        films_without_actuals=len(film_weeks) - len(pairs),
    )
