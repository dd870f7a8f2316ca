"""URLs of the programme pages."""

from __future__ import annotations

from django.urls import path

from portal.programmes import views

urlpatterns = [
    path("", views.this_week, name="cette-semaine"),
    path("programme/calculer/", views.programme_compute, name="programme-calculer"),
    path("programme/commencer/", views.programme_start, name="programme-commencer"),
    path("programme/<int:pk>/verrouiller/", views.programme_lock, name="programme-verrouiller"),
    path("programme/<int:pk>/exclure/", views.programme_exclude, name="programme-exclure"),
    path("programme/<int:pk>/echanger/", views.programme_swap, name="programme-echanger"),
    path("programme/<int:pk>/recalculer/", views.programme_recompute, name="programme-recalculer"),
    path("programme/<int:pk>/film/", views.programme_override, name="programme-film"),
    path("programme/<int:pk>/ajouter/", views.programme_extra_film, name="programme-ajouter"),
    path(
        "programme/<int:pk>/retirer/",
        views.programme_extra_film_remove,
        name="programme-retirer",
    ),
    path("programme/<int:pk>/publier/", views.programme_publish, name="programme-publier"),
    path("programme/<int:pk>/depublier/", views.programme_unpublish, name="programme-depublier"),
    path("rejeu/", views.replay, name="rejeu"),
    path("historique/", views.history, name="historique"),
]
