"""The portal's copy of the cinema week agrees with the rule in `landing.weeks`."""

from __future__ import annotations

import datetime as dt

from landing import weeks as rule
from portal.web import weeks as portal


def test_the_portal_counts_weeks_as_landing_does() -> None:
    start = dt.date(1999, 12, 1)
    for offset in range(3 * 366):  # leap days and year ends included
        day = start + dt.timedelta(days=offset)
        assert portal.is_wednesday(day) == rule.is_wednesday(day)
        assert portal.wednesday_of(day) == rule.wednesday_of(day)
        assert portal.next_wednesday(day) == rule.next_wednesday(day)
        assert portal.previous_wednesday(day) == rule.previous_wednesday(day)
    wednesday = dt.date(2026, 12, 2)
    assert portal.week_dates(wednesday) == rule.week_dates(wednesday)
    assert (portal.WEDNESDAY, portal.WEEK) == (rule.WEDNESDAY, rule.WEEK)
