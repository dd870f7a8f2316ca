"""The cinema week starts on Wednesday: the one module that says so."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from landing.weeks import (
    cinema_today,
    is_wednesday,
    next_wednesday,
    previous_wednesday,
    release_wednesday,
    require_wednesday,
    wednesday_of,
    wednesday_on_or_after,
    wednesdays,
    wednesdays_between,
    week_dates,
    week_start_expr,
)

MONDAY = dt.date(2026, 11, 30)
WEDNESDAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize("offset", range(7))
def test_every_day_of_a_week_belongs_to_its_wednesday(offset: int) -> None:
    day = WEDNESDAY + dt.timedelta(days=offset)
    assert wednesday_of(day) == WEDNESDAY
    assert next_wednesday(day) == WEDNESDAY + dt.timedelta(days=7)
    assert is_wednesday(day) is (offset == 0)


def test_on_or_after_keeps_a_wednesday_and_moves_other_days_forward() -> None:
    assert wednesday_on_or_after(WEDNESDAY) == WEDNESDAY
    assert wednesday_on_or_after(MONDAY) == WEDNESDAY
    assert wednesday_on_or_after(WEDNESDAY + dt.timedelta(days=1)) == dt.date(2026, 12, 9)
    assert next_wednesday(MONDAY) == WEDNESDAY


def test_the_previous_wednesday_is_strictly_before() -> None:
    assert previous_wednesday(WEDNESDAY) == dt.date(2026, 11, 25)
    assert previous_wednesday(WEDNESDAY + dt.timedelta(days=1)) == WEDNESDAY
    assert previous_wednesday(MONDAY) == dt.date(2026, 11, 25)


def test_a_week_runs_from_wednesday_to_tuesday() -> None:
    days = week_dates(WEDNESDAY)
    assert len(days) == 7 and days[0] == WEDNESDAY
    assert [day.strftime("%a") for day in days] == ["Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue"]
    assert {wednesday_of(day) for day in days} == {WEDNESDAY}


def test_a_day_that_is_not_a_wednesday_names_the_nearest_ones() -> None:
    assert require_wednesday(WEDNESDAY) == WEDNESDAY
    with pytest.raises(ValueError, match=r"2026-01-22 is a Thursday.*2026-01-21 or 2026-01-28"):
        require_wednesday(dt.date(2026, 1, 22))


def test_ranges_include_both_ends_and_refuse_reversed_ones() -> None:
    days = list(wednesdays(dt.date(2026, 1, 7), dt.date(2026, 1, 21)))
    assert days == [dt.date(2026, 1, 7), dt.date(2026, 1, 14), dt.date(2026, 1, 21)]
    assert wednesdays_between(dt.date(2026, 1, 5), dt.date(2026, 1, 20)) == days[:2]
    with pytest.raises(ValueError, match="--from 2026-01-21 is after --to 2026-01-07; swap them"):
        list(wednesdays(dt.date(2026, 1, 21), dt.date(2026, 1, 7)))


def test_the_polars_expression_agrees_with_the_python_function() -> None:
    days = [WEDNESDAY + dt.timedelta(days=offset) for offset in range(-10, 10)]
    frame = pl.DataFrame({"day": days}).with_columns(week=week_start_expr(pl.col("day")))
    assert frame["week"].to_list() == [wednesday_of(day) for day in days]


def test_a_run_started_on_the_wednesday_its_week_number_counts_back_to() -> None:
    assert release_wednesday(WEDNESDAY, 1) == WEDNESDAY
    assert release_wednesday(WEDNESDAY, 3) == dt.date(2026, 11, 18)


@pytest.mark.parametrize(
    ("utc", "paris_day"),
    [
        # Winter (UTC+1): Tuesday 22:30 UTC is 23:30 in Paris, still Tuesday; 23:30 UTC is
        # already Wednesday there, while UTC is still on Tuesday.
        (dt.datetime(2026, 12, 1, 22, 30, tzinfo=dt.UTC), dt.date(2026, 12, 1)),
        (dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC), dt.date(2026, 12, 2)),
        # Summer (UTC+2): 22:30 UTC on Tuesday is 00:30 on Wednesday in Paris.
        (dt.datetime(2026, 7, 7, 22, 30, tzinfo=dt.UTC), dt.date(2026, 7, 8)),
    ],
)
def test_the_cinema_day_is_the_date_in_paris(utc: dt.datetime, paris_day: dt.date) -> None:
    assert cinema_today(utc) == paris_day
