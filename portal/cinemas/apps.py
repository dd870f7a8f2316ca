"""The `cinemas` app."""

from __future__ import annotations

from django.apps import AppConfig


class CinemasConfig(AppConfig):
    """Django's registration of the `cinemas` app."""

    name = "portal.cinemas"
    label = "cinemas"
    default_auto_field = "django.db.models.BigAutoField"
