"""The templates' French formats: dates written out as French writes them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template


def _render(text: str, **values: object) -> str:
    return Template("{% load portal_tags %}" + text).render(Context(values))


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (dt.date(2026, 12, 1), "1er décembre 2026"),
        (dt.date(2022, 11, 9), "9 novembre 2022"),
        (dt.date(2023, 1, 11), "11 janvier 2023"),
    ],
)
def test_a_day_is_written_out_with_1er_for_the_first(day: dt.date, written: str) -> None:
    assert _render("{{ day|long_date }}", day=day) == written


def test_a_moment_is_written_out_in_the_cinemas_time() -> None:
    # 23:30 UTC on 30 November is 00:30 on 1 December in Paris (winter, UTC+1).
    moment = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)
    assert _render('{{ moment|long_date:"H:i" }}', moment=moment) == "1er décembre 2026 à 00:30"


def test_a_missing_day_is_a_dash() -> None:
    assert _render("{{ day|long_date }}", day=None) == "—"
