"""A week's programme as the API proposed it and the manager shaped it, with every number shown.

`snapshot` keeps the API's whole answer (candidates, slots and days, P&L, alternatives,
hindsight), so a past week is always shown as it was, never recomputed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from portal.cinemas.models import Cinema


class WeekProgramme(models.Model):
    """The programme of one Wednesday: a draft until the manager publishes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "brouillon"
        PUBLISHED = "published", "publié"

    cinema = models.ForeignKey(Cinema, on_delete=models.PROTECT, related_name="programmes")
    wednesday = models.DateField()
    is_replay = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    model_version = models.CharField(max_length=40, blank=True)
    locks = models.JSONField(default=dict, blank=True)
    exclusions = models.JSONField(default=list, blank=True)
    overrides = models.JSONField(default=list, blank=True)
    extra_films = models.JSONField(default=list, blank=True)
    rules = models.JSONField(default=dict, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    ticket_price_eur = models.FloatField()
    fixed_costs_eur = models.FloatField()
    expected_receipts_eur = models.FloatField(default=0.0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "portal_week_programme"
        ordering = ("-wednesday", "is_replay")
        constraints = [
            models.UniqueConstraint(
                fields=["cinema", "wednesday", "is_replay"], name="portal_one_programme_a_week"
            )
        ]

    def __str__(self) -> str:
        kind = "rejeu " if self.is_replay else ""
        return f"Programme {kind}du {self.wednesday:%d/%m/%Y} ({self.get_status_display()})"

    @property
    def is_published(self) -> bool:
        """Whether the manager has published it (changes then need an unpublish)."""
        return self.status == self.Status.PUBLISHED


class Screening(models.Model):
    """One room of a programme for the week: the film shown and what was expected of it."""

    programme = models.ForeignKey(
        WeekProgramme, on_delete=models.CASCADE, related_name="screenings"
    )
    position = models.PositiveSmallIntegerField(default=0)
    room = models.CharField(max_length=60)
    seats = models.PositiveIntegerField()
    shows_per_day = models.PositiveSmallIntegerField(default=1)
    film_id = models.CharField(max_length=40, null=True, blank=True)
    title = models.CharField(max_length=300, blank=True)
    distributor = models.CharField(max_length=200, blank=True)
    copies = models.PositiveIntegerField(null=True, blank=True)
    p10 = models.FloatField(null=True, blank=True)
    p50 = models.FloatField(null=True, blank=True)
    p90 = models.FloatField(null=True, blank=True)
    expected_audience = models.FloatField(default=0.0)
    expected_receipts_eur = models.FloatField(default=0.0)
    p10_receipts_eur = models.FloatField(default=0.0)
    locked = models.BooleanField(default=False)

    class Meta:
        db_table = "portal_screening"
        ordering = ("programme", "position")
        constraints = [
            models.UniqueConstraint(fields=["programme", "room"], name="portal_one_film_a_room")
        ]

    def __str__(self) -> str:
        return f"{self.room}: {self.title or 'salle fermée'}"

    @property
    def daily_capacity(self) -> int:
        """Seats x shows a day."""
        return self.seats * self.shows_per_day
