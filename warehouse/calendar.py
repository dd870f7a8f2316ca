"""`dim_week`: every Wednesday with the French school and public holidays of its week.

School holidays come from `vacances-scolaires-france` and public holidays from `holidays`; both
ship their data, so the calendar is built offline.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import holidays
import polars as pl
from vacances_scolaires_france import SchoolHolidayDates

from landing.weeks import WEEK, require_wednesday, week_dates

FIRST_WEDNESDAY: Final = require_wednesday(dt.date(1960, 1, 6))
LAST_YEAR: Final = 2035
_ZONES: Final = ("A", "B", "C")


def build_dim_week() -> pl.DataFrame:
    """One row per Wednesday from 1960 to 2035 with its holidays.

    `school_holiday_days` counts the days of the week when at least one zone is on school
    holiday and `school_holiday_zones` the most zones on holiday on one day; both are null for
    the years the library does not cover. `public_holidays` counts French public holidays.
    """
    school = SchoolHolidayDates()
    public = holidays.country_holidays(
        "FR", years=range(FIRST_WEDNESDAY.year, LAST_YEAR + 1), language="fr"
    )
    rows = []
    start = FIRST_WEDNESDAY
    while start.year <= LAST_YEAR:
        days = week_dates(start)
        covered = all(school.min_year <= day.year <= school.max_year for day in days)
        zones_per_day = (
            [sum(school.is_holiday_for_zone(day, zone) for zone in _ZONES) for day in days]
            if covered
            else None
        )
        names = sorted({str(public[day]) for day in days if day in public})
        rows.append(
            {
                "week_start": start,
                "week_end": days[-1],
                "year": start.year,
                "iso_week": start.isocalendar().week,
                "month": start.month,
                "school_holiday_days": (
                    sum(z > 0 for z in zones_per_day) if zones_per_day is not None else None
                ),
                "school_holiday_zones": max(zones_per_day) if zones_per_day is not None else None,
                "public_holidays": sum(day in public for day in days),
                "public_holiday_names": names,
            }
        )
        start += WEEK
    return pl.DataFrame(
        rows,
        schema={
            "week_start": pl.Date,
            "week_end": pl.Date,
            "year": pl.Int32,
            "iso_week": pl.Int32,
            "month": pl.Int32,
            "school_holiday_days": pl.Int32,
            "school_holiday_zones": pl.Int32,
            "public_holidays": pl.Int32,
            "public_holiday_names": pl.List(pl.String),
        },
    )
