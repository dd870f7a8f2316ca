"""The one range of every landing field and of every command-line option that takes a number or a
date: the crawlers check what they write with it, the warehouse what it reads, `predict` what it is
given and the commands what they are told. A value outside its range is quarantined (a landing
line) or refused (an option), with the field, the value and the range in the message.

docs/data-contract.md lists these ranges; tests/landing/test_ranges.py keeps that list true.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class IntRange:
    """Whole numbers from `low` to `high`, both included; `meaning` says why these bounds."""

    low: int
    high: int
    meaning: str

    def describe(self) -> str:
        """The range as a message shows it: `1..10,000`."""
        return f"{self.low:,}..{self.high:,}"


EARLIEST_DATE: Final = dt.date(1900, 1, 1)
"""No release date, chart week or option date before this (French charts start far later)."""
MAX_YEARS_AHEAD: Final = 2
"""No release date more than this many years after today: announcements do not reach further."""

INT_RANGES: Final[dict[str, IntRange]] = {
    "source_id": IntRange(1, 2**31 - 1, "a site's numeric film id"),
    "runtime_min": IntRange(1, 999, "minutes, under 17 hours"),
    "budget": IntRange(1, 10_000_000_000, "in budget_currency; no film has cost 10 billion"),
    "week_number": IntRange(1, 520, "week of a film's run; 10 years is more than any run"),
    "admissions": IntRange(
        1, 30_000_000, "one week in France; all French cinemas sell about 4 million a week"
    ),
    "copies": IntRange(1, 10_000, "prints / screens in France; the country has about 6,300"),
    "planned_copies": IntRange(1, 10_000, "as copies"),
}

TEXT_LIMITS: Final[dict[str, int]] = {
    "source": 64,
    "title": 300,
    "original_title": 300,
    "url": 2_000,
    "genre": 100,
    "nationality": 200,
    "director": 300,
    "distributor": 200,
    "budget_currency": 10,
    "age_rating": 100,
}
"""Longest text of each field, in characters (the seed history's longest title has 73)."""
CAST_LIMITS: Final = (100, 200)
"""At most 100 names in `cast`, each at most 200 characters."""

WAIT_SECONDS: Final = IntRange(0, 86_400, "seconds a command waits for the warehouse's lock")


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` moved by `years` years; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def latest_release(today: dt.date) -> dt.date:
    """The latest sane release date seen from `today`: MAX_YEARS_AHEAD years later."""
    return add_years(today, MAX_YEARS_AHEAD)


def date_problem(name: str, value: dt.date, *, today: dt.date | None = None) -> str | None:
    """Why `value` (of field or option `name`) is outside EARLIEST_DATE..latest_release, or None."""
    latest = latest_release(today or dt.date.today())
    if value < EARLIEST_DATE or value > latest:
        return (
            f"{name} {value.isoformat()} is outside {EARLIEST_DATE.isoformat()}.."
            f"{latest.isoformat()} (from 1900 to {MAX_YEARS_AHEAD} years ahead)"
        )
    return None


def wait_seconds_problem(value: float) -> str | None:
    """Why `value` is not a valid --wait (a finite number of seconds in WAIT_SECONDS), or None."""
    if not math.isfinite(value) or not WAIT_SECONDS.low <= value <= WAIT_SECONDS.high:
        return f"--wait {value} must be a number of seconds from 0 to {WAIT_SECONDS.high:,}"
    return None
