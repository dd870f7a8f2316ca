"""Pages of no single app: login, the installable web app's manifest and service worker."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


class LoginForm(AuthenticationForm):
    """Django's login form with the portal's French messages."""

    error_messages = {  # noqa: RUF012 - Django reads it as a class attribute
        "invalid_login": "Identifiant ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé : demandez au gérant.",
    }


class LoginView(auth_views.LoginView):
    """The login page (django-axes locks a name after repeated failures)."""

    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: the portal installs on a phone's home screen."""
    return JsonResponse(
        {
            "name": "mercredi — New is Always Better",
            "short_name": "mercredi",
            "description": "Le programme de la semaine du cinéma New is Always Better",
            "lang": "fr",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#2f4bb8",
            "icons": [
                {"src": static("portal/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("portal/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {
                    "src": static("portal/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },
        content_type="application/manifest+json",
    )


@require_GET
@cache_control(max_age=0, no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the root so its scope is the whole portal."""
    return render(
        request,
        "web/sw.js",
        {
            "assets": [
                static("portal/portal.css"),
                static("portal/app.js"),
                static("portal/icon-192.png"),
            ]
        },
        content_type="application/javascript",
    )


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows when the phone has no network and no copy of a page."""
    return render(request, "web/offline.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (an old tab, a login since): in French, with the
    way back (Django's own page is in English and has none)."""
    return render(
        request,
        "403.html",
        {
            "exception": "Ce formulaire a expiré (son jeton de sécurité n'est plus valable, par "
            "exemple après une nouvelle connexion) : rechargez la page et recommencez. Rien n'a "
            "été enregistré."
        },
        status=403,
    )
