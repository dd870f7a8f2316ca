"""What really happened: the admissions of each room each day, typed by the staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from portal.programmes.models import Screening


class DailyAttendance(models.Model):
    """The admissions of one screening (room of a week) on one day."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField()
    admissions = models.PositiveIntegerField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "portal_daily_attendance"
        ordering = ("screening", "date")
        constraints = [
            models.UniqueConstraint(fields=["screening", "date"], name="portal_one_count_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.screening.room} {self.date}: {self.admissions}"
