"""URL of the settings page."""

from __future__ import annotations

from django.urls import path

from portal.cinemas import views

urlpatterns = [path("parametres/", views.settings_page, name="parametres")]
