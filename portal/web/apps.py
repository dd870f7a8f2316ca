"""The `web` app."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    """Django's registration of the `web` app."""

    name = "portal.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"
