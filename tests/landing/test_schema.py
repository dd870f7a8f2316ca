from __future__ import annotations

import pytest

from landing.schema import LandingRecordError, parse_line, validate_record

GOOD_WEEK = (
    b'{"source": "jpbox-office", "source_id": 1, "title": "A", "release_date": "2024-01-03",'
    b' "week_start": "2024-01-03", "week_number": 1, "admissions": 1000, "copies": 10}'
)


def test_a_valid_week_parses_to_typed_fields() -> None:
    record = parse_line("weeks", GOOD_WEEK)
    assert record.model_dump()["admissions"] == 1000
    assert str(record.release_date) == "2024-01-03"


@pytest.mark.parametrize(
    ("raw", "reason", "words"),
    [
        (b"\xff\xfeoops", "not_utf8", "UTF-8"),
        (b'{"source": "x", "title": "A", "release_', "truncated_line", "EOF"),
        (b"{source: x}", "invalid_json", "JSON"),
        (b"[1, 2]", "not_an_object", "object"),
        (GOOD_WEEK.replace(b'"admissions": 1000, ', b""), "missing_field", "admissions"),
        (
            GOOD_WEEK.replace(b'"admissions": 1000', b'"admissions": "1000"'),
            "wrong_type",
            "admissions",
        ),
        (
            GOOD_WEEK.replace(b'"admissions": 1000', b'"admissions": 0'),
            "impossible_value",
            "admissions",
        ),
        (GOOD_WEEK.replace(b'"copies": 10', b'"copies": 0'), "impossible_value", "copies"),
        (
            GOOD_WEEK.replace(b'"release_date": "2024-01-03"', b'"release_date": "2024-13-01"'),
            "impossible_value",
            "2024-13-01",
        ),
        (
            GOOD_WEEK.replace(b'"week_start": "2024-01-03"', b'"week_start": "2023-12-27"'),
            "impossible_value",
            "before release_date",
        ),
        (
            GOOD_WEEK.replace(b'"release_date": "2024-01-03"', b'"release_date": "1850-01-01"'),
            "impossible_value",
            "outside",
        ),
    ],
)
def test_each_kind_of_bad_line_has_its_reason(raw: bytes, reason: str, words: str) -> None:
    with pytest.raises(LandingRecordError) as caught:
        parse_line("weeks", raw)
    assert caught.value.reason == reason
    assert words in str(caught.value)


def test_a_release_is_a_film_plus_planned_copies() -> None:
    record = validate_record(
        "releases",
        {"source": "tmdb", "title": "B", "release_date": "2026-12-02", "planned_copies": None},
    )
    assert record.model_dump()["planned_copies"] is None
    with pytest.raises(LandingRecordError, match="planned_copies"):
        validate_record(
            "releases",
            {"source": "tmdb", "title": "B", "release_date": "2026-12-02", "planned_copies": -3},
        )


def test_booleans_are_not_numbers() -> None:
    with pytest.raises(LandingRecordError) as caught:
        validate_record(
            "films",
            {"source": "s", "title": "C", "release_date": "2020-01-01", "runtime_min": True},
        )
    assert caught.value.reason == "wrong_type"
