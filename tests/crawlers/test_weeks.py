"""JP's Box-Office week numbers (idsem), as read off the chart pages' links."""

from __future__ import annotations

import datetime as dt

import pytest

from crawlers.weeks import idsem_of, wednesday_of_idsem


@pytest.mark.parametrize(
    ("wednesday", "idsem"),
    [
        (dt.date(2026, 1, 21), 2926),
        (dt.date(2026, 1, 14), 2925),
        (dt.date(2022, 1, 26), 2718),
        (dt.date(2017, 1, 25), 2457),
    ],
)
def test_idsem_matches_the_charts_own_links(wednesday: dt.date, idsem: int) -> None:
    assert idsem_of(wednesday) == idsem
    assert wednesday_of_idsem(idsem) == wednesday


def test_a_day_that_is_not_a_wednesday_names_the_nearest_ones() -> None:
    with pytest.raises(ValueError, match=r"2026-01-22 is a Thursday.*2026-01-21 or 2026-01-28"):
        idsem_of(dt.date(2026, 1, 22))
