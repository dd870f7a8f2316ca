"""The cinema week as the portal counts it: Wednesday to Tuesday.

The rule lives in `landing/weeks.py`; the portal imports none of mercredi's other packages (it
talks to the predictor over HTTP), so this module is the portal's one copy of the few functions
it needs, and `tests/portal/test_weeks.py` checks they agree with `landing.weeks` day by day.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

WEDNESDAY: Final = 2
"""`date.weekday()` of a Wednesday (Monday = 0)."""
WEEK: Final = dt.timedelta(days=7)


def is_wednesday(day: dt.date) -> bool:
    """Whether `day` is a Wednesday, the first day of a cinema week."""
    return day.weekday() == WEDNESDAY


def wednesday_of(day: dt.date) -> dt.date:
    """The Wednesday on or before `day`: the start of the cinema week holding `day`."""
    return day - dt.timedelta(days=(day.weekday() - WEDNESDAY) % 7)


def next_wednesday(day: dt.date) -> dt.date:
    """The first Wednesday strictly after `day`: the next programme change seen from `day`."""
    return wednesday_of(day) + WEEK


def previous_wednesday(day: dt.date) -> dt.date:
    """The last Wednesday strictly before `day`: the latest cinema week already started."""
    return wednesday_of(day - dt.timedelta(days=1))


def week_dates(wednesday: dt.date) -> list[dt.date]:
    """The seven days of the cinema week starting on `wednesday`, Wednesday to Tuesday."""
    return [wednesday + dt.timedelta(days=offset) for offset in range(7)]
