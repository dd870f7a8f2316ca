"""Cinema weeks: they start on Wednesdays; JP's Box-Office numbers them with `idsem`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final

WEDNESDAY: Final = 2  # date.weekday()
# Read off the chart pages' own links: idsem 2926 is the week starting Wednesday 2026-01-21.
_REFERENCE_IDSEM: Final = 2926
_REFERENCE_WEDNESDAY: Final = dt.date(2026, 1, 21)


def require_wednesday(day: dt.date, what: str = "week") -> dt.date:
    """`day` itself if it is a Wednesday, else a ValueError saying which Wednesdays are near."""
    if day.weekday() != WEDNESDAY:
        before = day - dt.timedelta(days=(day.weekday() - WEDNESDAY) % 7)
        after = before + dt.timedelta(days=7)
        raise ValueError(
            f"{what} {day.isoformat()} is a {day.strftime('%A')}, not a Wednesday; cinema weeks "
            f"start on Wednesdays: use {before.isoformat()} or {after.isoformat()}"
        )
    return day


def idsem_of(wednesday: dt.date) -> int:
    """JP's Box-Office week number (`idsem`) of the week starting on `wednesday`."""
    require_wednesday(wednesday)
    return _REFERENCE_IDSEM + (wednesday - _REFERENCE_WEDNESDAY).days // 7


def wednesday_of(idsem: int) -> dt.date:
    """The Wednesday starting JP's Box-Office week `idsem`."""
    return _REFERENCE_WEDNESDAY + dt.timedelta(days=7 * (idsem - _REFERENCE_IDSEM))


def wednesdays(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Every Wednesday from `first` to `last` included (both must be Wednesdays, in order)."""
    require_wednesday(first, "--from")
    require_wednesday(last, "--to")
    if last < first:
        raise ValueError(f"--from {first.isoformat()} is after --to {last.isoformat()}; swap them")
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=7)
