"""The cinema's business rules: its rooms and every number the programme engine works with.

Defaults are the client's brief (see docs/business-rules.md); each rule is a field of
`CinemaRules`, validated when the object is built, so a wrong setting fails early and names itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

WEEKDAYS: tuple[str, ...] = (
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
)
"""The cinema week, from release Wednesday to Tuesday."""

MAX_TICKET_PRICE_EUR: Final = 1000.0
"""The dearest average ticket a rule may give (a cinema ticket costs about 10 EUR)."""
MAX_FIXED_COSTS_EUR: Final = 1e9
"""The largest fixed costs of a week a rule may give (the brief's are 4,900 EUR)."""
MIN_WEEKDAY_WEIGHT: Final = 1e-3
"""The smallest weight of one day: a day's share of the week can never round to 0 (5e-324 did,
and the engine divided by it)."""
MAX_WEEKDAY_WEIGHT: Final = 1e6
"""The largest weight of one day in `weekday_profile`: a year of a day's attendance counts fits,
and seven of them add up far from a float's overflow (only the ratios between days count)."""


@dataclass(frozen=True)
class Room:
    """A screening room; it shows one film for the whole week."""

    name: str
    seats: int
    shows_per_day: int = 1

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a room needs a name; got an empty one")
        if isinstance(self.seats, bool) or not isinstance(self.seats, int) or self.seats <= 0:
            raise ValueError(
                f"room {self.name!r} has seats={self.seats!r}; give a positive whole number"
            )
        if (
            isinstance(self.shows_per_day, bool)
            or not isinstance(self.shows_per_day, int)
            or self.shows_per_day <= 0
        ):
            raise ValueError(
                f"room {self.name!r} has shows_per_day={self.shows_per_day!r}; "
                "give a positive whole number"
            )

    @property
    def daily_capacity(self) -> int:
        """The most people the room can seat in one day: seats x shows a day."""
        return self.seats * self.shows_per_day

    @property
    def weekly_capacity(self) -> int:
        """The most people the room can seat in the week (seven days)."""
        return self.daily_capacity * len(WEEKDAYS)


def _check_finite(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name}={value!r} is not a finite number")


def _check_at_most(name: str, value: float, maximum: float) -> None:
    if value > maximum:
        raise ValueError(
            f"{name}={value!r} is over the maximum of {maximum:,.0f}; give a smaller one"
        )


def _check_rate(name: str, value: float) -> None:
    _check_finite(name, value)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name}={value!r} is not a rate in [0, 1); write 5.5 % as 0.055")


@dataclass(frozen=True)
class CinemaRules:
    """Every business rule of the cinema, with the client's brief as defaults.

    - `rooms`: the rooms, one film each for the whole week (names unique).
    - `audience_share`: the cinema's weekly audience for a film = national first-week
      admissions x this share (1/2000).
    - `ticket_price_eur`: average ticket price, VAT included (10 EUR; at most
      MAX_TICKET_PRICE_EUR).
    - `fixed_costs_eur`: the week's fixed costs (4,900 EUR; at most MAX_FIXED_COSTS_EUR).
    - `vat_rate`: VAT included in the ticket price (5.5 %).
    - `tsa_rate`: TSA ticket tax on the price excluding VAT (10.72 %).
    - `film_rental_rate`: the distributors' share of net receipts (50 %, the usual week-1 rate).
    - `weekday_profile`: seven positive weights, Wednesday to Tuesday, for spreading the weekly
      audience over the days, each at most MAX_WEEKDAY_WEIGHT; they need not sum to 1
      (`weekday_shares` normalises them), so attendance counts can be used as they are. Flat by
      default.
    """

    rooms: tuple[Room, ...] = (Room("Salle 1", 120), Room("Salle 2", 80))
    audience_share: float = 1 / 2000
    ticket_price_eur: float = 10.0
    fixed_costs_eur: float = 4900.0
    vat_rate: float = 0.055
    tsa_rate: float = 0.1072
    film_rental_rate: float = 0.50
    weekday_profile: tuple[float, ...] = (1 / 7,) * 7

    def __post_init__(self) -> None:
        if not self.rooms:
            raise ValueError("the cinema needs at least one room; rooms is empty")
        names = [room.name for room in self.rooms]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"room names must be unique; {duplicates} appear more than once")
        _check_finite("audience_share", self.audience_share)
        if not 0.0 < self.audience_share <= 1.0:
            raise ValueError(
                f"audience_share={self.audience_share!r} must be in (0, 1]; the brief's is 1/2000"
            )
        _check_finite("ticket_price_eur", self.ticket_price_eur)
        if self.ticket_price_eur <= 0:
            raise ValueError(f"ticket_price_eur={self.ticket_price_eur!r} must be positive")
        _check_at_most("ticket_price_eur", self.ticket_price_eur, MAX_TICKET_PRICE_EUR)
        _check_finite("fixed_costs_eur", self.fixed_costs_eur)
        if self.fixed_costs_eur < 0:
            raise ValueError(f"fixed_costs_eur={self.fixed_costs_eur!r} must not be negative")
        _check_at_most("fixed_costs_eur", self.fixed_costs_eur, MAX_FIXED_COSTS_EUR)
        _check_rate("vat_rate", self.vat_rate)
        _check_rate("tsa_rate", self.tsa_rate)
        _check_rate("film_rental_rate", self.film_rental_rate)
        if len(self.weekday_profile) != len(WEEKDAYS):
            raise ValueError(
                f"weekday_profile has {len(self.weekday_profile)} weights; give 7, "
                "Wednesday to Tuesday"
            )
        for day, weight in zip(WEEKDAYS, self.weekday_profile, strict=True):
            _check_finite(f"weekday_profile[{day}]", weight)
            if weight < MIN_WEEKDAY_WEIGHT:
                raise ValueError(
                    f"weekday_profile[{day}]={weight!r} must be at least {MIN_WEEKDAY_WEIGHT}; "
                    "every day has shows"
                )
            _check_at_most(f"weekday_profile[{day}]", weight, MAX_WEEKDAY_WEIGHT)

    @property
    def weekday_shares(self) -> tuple[float, ...]:
        """The share of the weekly audience that comes each day, Wednesday to Tuesday (sum 1)."""
        total = math.fsum(self.weekday_profile)
        return tuple(weight / total for weight in self.weekday_profile)

    @property
    def rooms_by_capacity(self) -> tuple[Room, ...]:
        """The rooms, biggest daily capacity first (the rules' order among equals)."""
        return tuple(sorted(self.rooms, key=lambda room: -room.daily_capacity))

    def room(self, name: str) -> Room:
        """The room called `name`; a ValueError lists the known rooms otherwise."""
        for room in self.rooms:
            if room.name == name:
                return room
        known = ", ".join(repr(room.name) for room in self.rooms)
        raise ValueError(f"no room called {name!r}; the cinema's rooms are {known}")


DEFAULT_RULES = CinemaRules()
"""The client's brief."""
