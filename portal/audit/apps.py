"""The `audit` app."""

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Django's registration of the `audit` app."""

    name = "portal.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"
