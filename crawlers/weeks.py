"""JP's Box-Office numbers its cinema weeks with `idsem` (what a cinema week is: landing.weeks)."""

from __future__ import annotations

import datetime as dt
from typing import Final

from landing.weeks import WEEK, require_wednesday

# Read off the chart pages' own links: idsem 2926 is the week starting Wednesday 2026-01-21.
_REFERENCE_IDSEM: Final = 2926
_REFERENCE_WEDNESDAY: Final = dt.date(2026, 1, 21)


def idsem_of(wednesday: dt.date) -> int:
    """JP's Box-Office week number (`idsem`) of the week starting on `wednesday`."""
    require_wednesday(wednesday)
    return _REFERENCE_IDSEM + (wednesday - _REFERENCE_WEDNESDAY).days // 7


def wednesday_of_idsem(idsem: int) -> dt.date:
    """The Wednesday starting JP's Box-Office week `idsem`."""
    return _REFERENCE_WEDNESDAY + WEEK * (idsem - _REFERENCE_IDSEM)
