"""A portal not yet initialised answers a French page, not a traceback."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.cinemas.selectors import NoCinemaError


class NoCinemaMiddleware:
    """Turn `NoCinemaError` into a 503 page saying to run `mercredi portal init`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Render the French page for a missing cinema; let other errors through."""
        if isinstance(exception, NoCinemaError):
            return render(request, "web/not_ready.html", {"message": str(exception)}, status=503)
        return None


class MethodNotAllowedMiddleware:
    """A page that only takes a button's POST, opened from the address bar or a bookmark
    (`/deconnexion/`, `/programme/<id>/publier/`...): Django answers 405 with an empty body,
    which the browser shows as its own error page; say it in French, with the way back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
