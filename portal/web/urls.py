"""URLs of login, logout and the installable web app."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from portal.web import views

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("hors-ligne/", views.offline, name="offline"),
]
