"""Every page of the portal; each app's views are thin and call its services."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("portal.web.urls")),
    path("", include("portal.programmes.urls")),
    path("", include("portal.attendance.urls")),
    path("", include("portal.cinemas.urls")),
]
