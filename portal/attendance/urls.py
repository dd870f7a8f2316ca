"""URL of the attendance page."""

from __future__ import annotations

from django.urls import path

from portal.attendance import views

urlpatterns = [path("saisie/", views.attendance_entry, name="saisie")]
