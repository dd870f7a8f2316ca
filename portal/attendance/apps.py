"""The `attendance` app."""

from __future__ import annotations

from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    """Django's registration of the `attendance` app."""

    name = "portal.attendance"
    label = "attendance"
    default_auto_field = "django.db.models.BigAutoField"
