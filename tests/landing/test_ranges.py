"""One range per landing field and option: enforced by the schema, written in the docs."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from landing.ranges import (
    CAST_LIMITS,
    INT_RANGES,
    TEXT_LIMITS,
    add_years,
    date_problem,
    latest_release,
)
from landing.schema import LandingRecordError, validate_record
from tests.conftest import REPO_ROOT

TODAY = dt.date(2026, 11, 25)


def _film(**fields: Any) -> dict[str, Any]:
    return {"source": "jpbox-office", "title": "Un film", "release_date": "2020-01-08", **fields}


def _week(**fields: Any) -> dict[str, Any]:
    return {**_film(), "week_start": "2020-01-08", "week_number": 1, "admissions": 1000, **fields}


def _record(field: str, value: object) -> tuple[str, dict[str, Any]]:
    if field in {"week_number", "admissions", "copies"}:
        return "weeks", _week(**{field: value})
    if field == "planned_copies":
        return "releases", _film(planned_copies=value)
    return "films", _film(**{field: value})


@pytest.mark.parametrize("field", list(INT_RANGES))
def test_whole_numbers_are_kept_within_their_range(field: str) -> None:
    bounds = INT_RANGES[field]
    for inside in (bounds.low, bounds.high):
        kind, record = _record(field, inside)
        assert getattr(validate_record(kind, record, today=TODAY), field) == inside  # type: ignore[arg-type]
    for outside in (bounds.low - 1, bounds.high + 1):
        kind, record = _record(field, outside)
        with pytest.raises(LandingRecordError) as caught:
            validate_record(kind, record, today=TODAY)  # type: ignore[arg-type]
        assert caught.value.reason == "impossible_value"
        assert caught.value.detail.startswith(field)


@pytest.mark.parametrize("field", list(TEXT_LIMITS))
def test_texts_are_kept_within_their_length(field: str) -> None:
    limit = TEXT_LIMITS[field]
    validate_record("films", _film(**{field: "x" * limit}), today=TODAY)
    with pytest.raises(LandingRecordError) as caught:
        validate_record("films", _film(**{field: "x" * (limit + 1)}), today=TODAY)
    assert caught.value.reason == "impossible_value"


def test_cast_is_bounded() -> None:
    names, length = CAST_LIMITS
    validate_record("films", _film(cast=["x" * length] * names), today=TODAY)
    for cast in (["x"] * (names + 1), ["x" * (length + 1)]):
        with pytest.raises(LandingRecordError, match="cast"):
            validate_record("films", _film(cast=cast), today=TODAY)


def test_release_dates_reach_two_years_ahead() -> None:
    validate_record("films", _film(release_date="2028-11-25"), today=TODAY)
    with pytest.raises(LandingRecordError, match=r"release_date 2028-11-26 is outside"):
        validate_record("films", _film(release_date="2028-11-26"), today=TODAY)
    with pytest.raises(LandingRecordError, match=r"release_date 1899-12-31 is outside"):
        validate_record("films", _film(release_date="1899-12-31"), today=TODAY)


def test_29_february() -> None:
    leap = dt.date(2024, 2, 29)
    assert add_years(leap, 2) == dt.date(2026, 2, 28)
    assert add_years(leap, 4) == dt.date(2028, 2, 29)
    assert latest_release(leap) == dt.date(2026, 2, 28)
    assert date_problem("--week", dt.date(2026, 2, 28), today=leap) is None
    assert "--week 2026-03-01 is outside" in str(
        date_problem("--week", dt.date(2026, 3, 1), today=leap)
    )


def test_a_byte_order_mark_is_ignored() -> None:
    from landing.schema import parse_line

    raw = b'\xef\xbb\xbf{"source": "tmdb", "title": "A", "release_date": "2020-01-08"}'
    assert parse_line("films", raw, today=TODAY).title == "A"


def test_the_docs_list_every_range() -> None:
    text = (REPO_ROOT / "docs" / "data-contract.md").read_text(encoding="utf-8")
    for field, bounds in INT_RANGES.items():
        assert re.search(rf"\| `{field}` \| {re.escape(bounds.describe())} \|", text), field
    for field, limit in TEXT_LIMITS.items():
        assert re.search(rf"\| `{field}` \| [^|]*\b{limit:,} characters \|", text), field
