"""Learning the weekday profile and audience share from screening days grouped in weeks."""

from __future__ import annotations

import datetime as dt

import pytest

from predictor.learned import AttendanceDay, learn_rules

FIRST = dt.date(2024, 1, 3)
"""A Wednesday."""
WEEKEND_HEAVY = (10, 10, 10, 20, 20, 10, 10)
"""90 people a week, Saturday and Sunday twice the other days."""


def _week(
    wednesday: dt.date, film_id: str, room: str, counts: tuple[int, ...]
) -> list[AttendanceDay]:
    return [
        AttendanceDay(film_id, room, wednesday + dt.timedelta(days=offset), people)
        for offset, people in enumerate(counts)
    ]


def _weeks(count: int) -> list[AttendanceDay]:
    days: list[AttendanceDay] = []
    for number in range(count):
        wednesday = FIRST + dt.timedelta(weeks=number)
        days += _week(wednesday, f"big-{number}", "Salle 1", WEEKEND_HEAVY)
        days += _week(wednesday, f"small-{number}", "Salle 2", (5,) * 7)
    return days


def test_complete_weeks_teach_the_profile_and_the_share() -> None:
    # Four weeks of 90 + 35 people a day pattern; a fifth week misses Salle 2's Tuesday.
    days = _weeks(5)[:-1]
    national = {f"big-{n}": 180_000.0 for n in range(5)} | {"small-0": 70_000.0}
    learned = learn_rules(days, national)
    assert (learned.weeks, learned.incomplete_weeks) == (4, 1)
    assert (learned.first_wednesday, learned.last_wednesday) == (FIRST, dt.date(2024, 1, 24))
    # each week: 15 a weekday, 25 on Saturday and Sunday, out of 125
    assert learned.weekday_profile == pytest.approx(
        [15 / 125] * 3 + [25 / 125] * 2 + [15 / 125] * 2
    )
    # 4 big films (90 people each over 180,000) and small-0 (35 over 70,000): 395 / 790,000
    assert (learned.films, learned.films_without_actuals) == (5, 3)
    assert learned.audience_share == pytest.approx(395 / 790_000)


def test_without_national_admissions_the_share_is_unknown() -> None:
    learned = learn_rules(_weeks(4), {})
    assert learned.audience_share is None and learned.films == 0
    assert learned.films_without_actuals == 8


def test_fewer_than_four_complete_weeks_or_a_day_twice_are_refused() -> None:
    with pytest.raises(
        ValueError, match=r"only 3 complete week\(s\) of attendance \(1 incomplete\)"
    ):
        learn_rules(_weeks(4)[:-1], {})
    days = _weeks(4)
    with pytest.raises(
        ValueError, match="film 'big-0' in room 'Salle 1' on 2024-01-03 is given twice"
    ):
        learn_rules([*days, days[0]], {})
