"""The `programmes` app."""

from __future__ import annotations

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Django's registration of the `programmes` app."""

    name = "portal.programmes"
    label = "programmes"
    default_auto_field = "django.db.models.BigAutoField"
