"""The cinema week: French cinema weeks start on Wednesday and run to Tuesday.

The one place that says so. Crawlers, warehouse and predictor all call these functions (and the
Polars expression `week_start_expr`) instead of counting weekdays themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import polars as pl

WEDNESDAY: Final = 2
"""`date.weekday()` of a Wednesday (Monday = 0)."""
WEEK: Final = dt.timedelta(days=7)
CINEMA_TIMEZONE: Final = ZoneInfo("Europe/Paris")
"""The cinema's clock: its day, and so its week, turns over at midnight in Paris."""


def cinema_today(now: dt.datetime | None = None) -> dt.date:
    """The cinema's date at `now` (default: the current time): the date in Paris, not in UTC,
    so that Tuesday 23:30 in Paris is still Tuesday and next Wednesday is still tomorrow."""
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    return moment.astimezone(CINEMA_TIMEZONE).date()


def is_wednesday(day: dt.date) -> bool:
    """Whether `day` is a Wednesday, the first day of a cinema week."""
    return day.weekday() == WEDNESDAY


def wednesday_of(day: dt.date) -> dt.date:
    """The Wednesday on or before `day`: the start of the cinema week holding `day`."""
    return day - dt.timedelta(days=(day.weekday() - WEDNESDAY) % 7)


def wednesday_on_or_after(day: dt.date) -> dt.date:
    """`day` if it is a Wednesday, else the first Wednesday after it."""
    return day + dt.timedelta(days=(WEDNESDAY - day.weekday()) % 7)


def next_wednesday(day: dt.date) -> dt.date:
    """The first Wednesday strictly after `day`: the next programme change seen from `day`."""
    return wednesday_of(day) + WEEK


def previous_wednesday(day: dt.date) -> dt.date:
    """The last Wednesday strictly before `day`: the latest cinema week already started."""
    return wednesday_of(day - dt.timedelta(days=1))


def require_wednesday(day: dt.date, what: str = "week") -> dt.date:
    """`day` itself if it is a Wednesday, else a ValueError naming the two nearest Wednesdays."""
    if not is_wednesday(day):
        before = wednesday_of(day)
        raise ValueError(
            f"{what} {day.isoformat()} is a {day.strftime('%A')}, not a Wednesday; cinema weeks "
            f"start on Wednesdays: use {before.isoformat()} or {(before + WEEK).isoformat()}"
        )
    return day


def wednesdays(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Every Wednesday from `first` to `last` included (both must be Wednesdays, in order)."""
    require_wednesday(first, "--from")
    require_wednesday(last, "--to")
    if last < first:
        raise ValueError(f"--from {first.isoformat()} is after --to {last.isoformat()}; swap them")
    day = first
    while day <= last:
        yield day
        day += WEEK


def wednesdays_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The Wednesdays from `start` to `end` (both included, any weekday), in order."""
    days = []
    day = wednesday_on_or_after(start)
    while day <= end:
        days.append(day)
        day += WEEK
    return days


def release_wednesday(week_start: dt.date, week_number: int) -> dt.date:
    """The Wednesday a film's run started, from the start of its `week_number`-th week (week 1
    is the release week): `week_start` less that many weeks minus one."""
    return week_start - WEEK * (week_number - 1)


def week_start_expr(day: pl.Expr) -> pl.Expr:
    """Polars: the Wednesday on or before each date of `day` (Polars numbers Monday 1)."""
    import polars as pl

    return day - pl.duration(days=(day.dt.weekday() - (WEDNESDAY + 1)) % 7)


def week_dates(wednesday: dt.date) -> list[dt.date]:
    """The seven days of the cinema week starting on `wednesday`, Wednesday to Tuesday."""
    return [wednesday + dt.timedelta(days=offset) for offset in range(7)]
