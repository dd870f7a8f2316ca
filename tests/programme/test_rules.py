"""The cinema's rules: the brief's defaults and the validation of every setting."""

from __future__ import annotations

import pytest

from predictor.programme.rules import DEFAULT_RULES, WEEKDAYS, CinemaRules, Room


def test_defaults_are_the_brief() -> None:
    assert DEFAULT_RULES.rooms == (Room("Salle 1", 120, 1), Room("Salle 2", 80, 1))
    assert DEFAULT_RULES.audience_share == 1 / 2000
    assert DEFAULT_RULES.ticket_price_eur == 10.0
    assert DEFAULT_RULES.fixed_costs_eur == 4900.0
    assert DEFAULT_RULES.vat_rate == 0.055
    assert DEFAULT_RULES.tsa_rate == 0.1072
    assert DEFAULT_RULES.film_rental_rate == 0.5
    assert WEEKDAYS[0] == "Wednesday" and WEEKDAYS[-1] == "Tuesday"
    assert DEFAULT_RULES.weekday_shares == pytest.approx([1 / 7] * 7)


def test_room_capacity_is_seats_times_shows_over_seven_days() -> None:
    room = Room("Salle 1", 120, shows_per_day=2)
    assert room.daily_capacity == 240
    assert room.weekly_capacity == 1680
    assert Room("Salle 2", 80).weekly_capacity == 560


def test_weekday_profile_is_normalised() -> None:
    rules = CinemaRules(weekday_profile=(1, 1, 1, 2, 2, 1, 1))
    assert rules.weekday_shares == pytest.approx([1 / 9] * 3 + [2 / 9] * 2 + [1 / 9] * 2)
    assert sum(rules.weekday_shares) == pytest.approx(1.0)


def test_rooms_by_capacity_puts_the_biggest_first_and_keeps_order_among_equals() -> None:
    rules = CinemaRules(
        rooms=(Room("Petite", 50), Room("Grande", 100), Room("Moyenne", 40, 2), Room("Bis", 80))
    )
    assert [room.name for room in rules.rooms_by_capacity] == ["Grande", "Moyenne", "Bis", "Petite"]
    assert rules.room("Moyenne").daily_capacity == 80


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Room("Salle 1", 0), "seats=0"),
        (lambda: Room("Salle 1", 120, shows_per_day=0), "shows_per_day=0"),
        (lambda: Room(" ", 120), "needs a name"),
        (lambda: CinemaRules(rooms=()), "at least one room"),
        (lambda: CinemaRules(rooms=(Room("A", 10), Room("A", 20))), r"\['A'\] appear more"),
        (lambda: CinemaRules(audience_share=0.0), "audience_share=0.0"),
        (lambda: CinemaRules(ticket_price_eur=-1.0), "ticket_price_eur=-1.0"),
        (lambda: CinemaRules(fixed_costs_eur=float("nan")), "fixed_costs_eur=nan"),
        (lambda: CinemaRules(vat_rate=5.5), "vat_rate=5.5 is not a rate"),
        (lambda: CinemaRules(tsa_rate=-0.1), "tsa_rate=-0.1"),
        (lambda: CinemaRules(film_rental_rate=1.0), "film_rental_rate=1.0"),
        (lambda: CinemaRules(weekday_profile=(1.0,) * 6), "has 6 weights"),
        (lambda: CinemaRules(weekday_profile=(1, 1, 1, 0, 1, 1, 1)), r"\[Saturday\]=0"),
        (lambda: CinemaRules(weekday_profile=(5e-324, 1, 1, 1, 1, 1, 1)), r"at least 0.001"),
        (lambda: CinemaRules(weekday_profile=(1e308,) * 7), r"\[Wednesday\]=1e\+308 is over"),
        (lambda: CinemaRules(weekday_profile=(1, 1, 1, 1, 1, 1, 2e6)), r"maximum of 1,000,000"),
        (lambda: CinemaRules(ticket_price_eur=1e308), "ticket_price_eur=1e\\+308 is over"),
        (lambda: CinemaRules(fixed_costs_eur=2e9), "fixed_costs_eur=2000000000.0 is over"),
    ],
)
def test_invalid_settings_are_refused_by_name(build: object, message: str) -> None:
    assert callable(build)
    with pytest.raises(ValueError, match=message):
        build()


def test_unknown_room_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"no room called 'Salle 3'.*'Salle 1', 'Salle 2'"):
        DEFAULT_RULES.room("Salle 3")
