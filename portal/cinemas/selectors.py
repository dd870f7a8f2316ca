"""Reading the cinema, its rooms and its rules."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError

from portal.cinemas.models import Cinema, CinemaSettings


class NoCinemaError(Exception):
    """The portal has not been initialised (`mercredi portal init`)."""

    def __init__(self) -> None:
        super().__init__(
            "Le cinéma n'est pas encore créé : lancez « mercredi portal init » sur le serveur."
        )


def cinema_get() -> Cinema:
    """The portal's cinema (the first one created); NoCinemaError before `portal init`."""
    try:
        cinema = Cinema.objects.order_by("id").first()
    except DatabaseError:  # no tables yet: the database was never migrated
        raise NoCinemaError from None
    if cinema is None:
        raise NoCinemaError
    return cinema


def cinema_rules_get(cinema: Cinema) -> CinemaSettings:
    """The cinema's rules (created with the brief's defaults if missing)."""
    rules, _ = CinemaSettings.objects.get_or_create(cinema=cinema)
    return rules


def cinema_rules_payload(cinema: Cinema) -> dict[str, Any]:
    """The rules as the API's `rules` object (docs/api.md, the engine's `CinemaRules`)."""
    rules = cinema_rules_get(cinema)
    return {
        "rooms": [
            {"name": room.name, "seats": room.seats, "shows_per_day": room.shows_per_day}
            for room in cinema.rooms.all()
        ],
        "audience_share": rules.audience_share,
        "ticket_price_eur": float(rules.ticket_price_eur),
        "fixed_costs_eur": float(rules.fixed_costs_eur),
        "vat_rate": rules.vat_rate,
        "tsa_rate": rules.tsa_rate,
        "film_rental_rate": rules.film_rental_rate,
        "weekday_profile": [float(weight) for weight in rules.weekday_profile],
    }
