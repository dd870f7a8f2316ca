"""The cinema, its rooms and its rules (every field of the engine's `CinemaRules`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

WEEKDAY_LABELS: tuple[str, ...] = (
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lundi",
    "mardi",
)
"""The cinema week in French, Wednesday to Tuesday (the engine's order)."""


def flat_profile() -> list[float]:
    """The brief's weekday profile: the same share every day."""
    return [1.0] * 7


class Cinema(models.Model):
    """A cinema (the portal serves one: New is Always Better)."""

    name = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "portal_cinema"

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    """A screening room: one film for the whole week."""

    cinema = models.ForeignKey(Cinema, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=60)
    seats = models.PositiveIntegerField(
        validators=[MinValueValidator(1, "Une salle a au moins 1 fauteuil.")]
    )
    shows_per_day = models.PositiveSmallIntegerField(
        default=1,
        validators=[
            MinValueValidator(1, "Au moins 1 séance par jour."),
            MaxValueValidator(10, "Au plus 10 séances par jour."),
        ],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "portal_room"
        ordering = ("position", "id")
        constraints = [
            models.UniqueConstraint(fields=["cinema", "name"], name="portal_room_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.seats} places)"

    @property
    def daily_capacity(self) -> int:
        """Seats x shows a day: the most people the room can seat in one day."""
        return self.seats * self.shows_per_day


def _check_profile(value: Any) -> None:
    if (
        not isinstance(value, list)
        or len(value) != 7
        or not all(
            isinstance(weight, int | float) and not isinstance(weight, bool) and weight > 0
            for weight in value
        )
    ):
        raise ValidationError(
            "Le profil de la semaine doit avoir 7 poids positifs, du mercredi au mardi."
        )


class CinemaSettings(models.Model):
    """The cinema's rules, sent to the API with every programme request."""

    cinema = models.OneToOneField(Cinema, on_delete=models.CASCADE, related_name="rules")
    audience_share = models.FloatField(
        default=1 / 2000,
        validators=[
            MinValueValidator(1e-7, "La part d'audience doit être positive."),
            MaxValueValidator(1.0, "La part d'audience ne peut dépasser 1."),
        ],
    )
    ticket_price_eur = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=10,
        validators=[MinValueValidator(0.01, "Le prix moyen du billet doit être positif.")],
    )
    fixed_costs_eur = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        default=4900,
        validators=[MinValueValidator(0, "Les frais fixes ne peuvent être négatifs.")],
    )
    vat_rate = models.FloatField(
        default=0.055,
        validators=[
            MinValueValidator(0, "Le taux de TVA ne peut être négatif."),
            MaxValueValidator(0.99, "Le taux de TVA doit être inférieur à 100 %."),
        ],
    )
    tsa_rate = models.FloatField(
        default=0.1072,
        validators=[
            MinValueValidator(0, "Le taux de TSA ne peut être négatif."),
            MaxValueValidator(0.99, "Le taux de TSA doit être inférieur à 100 %."),
        ],
    )
    film_rental_rate = models.FloatField(
        default=0.5,
        validators=[
            MinValueValidator(0, "Le taux de location ne peut être négatif."),
            MaxValueValidator(0.99, "Le taux de location doit être inférieur à 100 %."),
        ],
    )
    weekday_profile = models.JSONField(default=flat_profile, validators=[_check_profile])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "portal_cinema_settings"

    def __str__(self) -> str:
        return f"Règles de {self.cinema}"
