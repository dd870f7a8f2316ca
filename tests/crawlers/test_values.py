"""French numbers, percentages, runtimes, dates and money as the sites print them."""

from __future__ import annotations

import datetime as dt

import pytest

from crawlers.values import parse_count, parse_date, parse_money, parse_percent, parse_runtime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 224 090", 1_224_090),
        (" 330 014", 330_014),
        ("615", 615),
        ("8\u00a0242\u202f711", 8_242_711),
    ],
)
def test_counts_drop_their_thousands_separators(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["1 2x4", "12,5", "-3", "n.c.", ""])
def test_garbled_counts_are_refused_with_the_text(text: str) -> None:
    with pytest.raises(ValueError, match="is not a whole number"):
        parse_count(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("14,5 %", 14.5), ("-34.4%", -34.4), ("2,1 %", 2.1)]
)
def test_percentages_take_a_comma_or_a_point(text: str, expected: float) -> None:
    assert parse_percent(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1h 50min", 110), ("2h11", 131), ("3h12", 192), ("2h", 120), ("95 min", 95), ("1h05", 65)],
)
def test_runtimes_in_minutes(text: str, expected: int) -> None:
    assert parse_runtime(text) == expected


@pytest.mark.parametrize("text", ["1h75", "long", "0h00", "h50"])
def test_impossible_runtimes_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="runtime"):
        parse_runtime(text)


def test_dates_in_both_layouts() -> None:
    assert parse_date("2026-01-21") == dt.date(2026, 1, 21)
    assert parse_date("29/12/2023") == dt.date(2023, 12, 29)
    with pytest.raises(ValueError, match="'2024-13-01' is not a date"):
        parse_date("2024-13-01")


def test_money_gives_amount_and_currency_and_dash_means_unknown() -> None:
    assert parse_money("122 000 000 $") == (122_000_000, "USD")
    assert parse_money("15 000 000 €") == (15_000_000, "EUR")
    assert parse_money("- $ ") is None
    with pytest.raises(ValueError, match="amount with a currency"):
        parse_money("122 000 000")
