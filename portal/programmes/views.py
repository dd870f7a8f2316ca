"""The programme pages: Cette semaine, Rejeu, Historique. Thin: forms, services, selectors."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.messages.storage.base import BaseStorage
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from portal.audit.selectors import audit_events_for
from portal.cinemas.selectors import cinema_get, cinema_rules_payload
from portal.programmes import services
from portal.programmes.forms import (
    ExcludeForm,
    ExtraFilmForm,
    LockForm,
    OverrideForm,
    PeriodForm,
    SwapForm,
    WeekForm,
)
from portal.programmes.models import WeekProgramme
from portal.programmes.predictor_client import (
    PredictorError,
    PredictorRejectedError,
    get_predictor_client,
    predictor_status,
)
from portal.programmes.selectors import (
    ProgrammeView,
    history_get,
    programme_get,
    programme_latest,
    programme_latest_published,
    programme_view,
    proposal_view,
)
from portal.web.charts import grouped_bars_svg, line_svg
from portal.web.roles import ANY_ROLE, Role, role_required
from portal.web.weeks import next_wednesday, previous_wednesday


def _charts(view: ProgrammeView) -> dict[str, Any]:
    labels = [day.label for day in view.days]
    return {
        "audience_chart": grouped_bars_svg(
            labels,
            [(room, [day.audiences[i] for day in view.days]) for i, room in enumerate(view.rooms)],
            title="Spectateurs attendus par jour et par salle",
            unit="spectateurs",
            limits=[slot["seats"] * slot.get("shows_per_day", 1) for slot in view.slots],
        ),
        "receipts_chart": grouped_bars_svg(
            labels,
            [(room, [day.receipts[i] for day in view.days]) for i, room in enumerate(view.rooms)],
            title="Recettes attendues par jour et par salle (€)",
            unit="€",
        ),
    }


def _today() -> dt.date:
    return timezone.localdate()


def _error_once(request: HttpRequest, text: str) -> None:
    """Say `text` as an error unless it is already waiting to be shown (an action that said it
    redirected here); reading the waiting messages must not use them up."""
    waiting = messages.get_messages(request)
    already = any(message.message == text for message in waiting)
    if isinstance(waiting, BaseStorage):
        waiting.used = False
    if not already:
        messages.error(request, text)


@require_GET
@role_required(*ANY_ROLE)
def this_week(request: HttpRequest) -> HttpResponse:
    """Cette semaine: next Wednesday's programme (or the week asked for), as stored."""
    cinema = cinema_get()
    form = WeekForm(request.GET or None)
    api_error: str | None = None
    replay = False
    if request.GET.get("mercredi") and form.is_valid():
        wednesday: dt.date = form.cleaned_data["mercredi"]
        replay = form.cleaned_data["rejeu"]
    else:
        if request.GET.get("mercredi"):
            messages.error(request, " ".join(str(e) for e in form.errors.get("mercredi", [])))
        wednesday = next_wednesday(_today())
    programme = programme_get(cinema=cinema, wednesday=wednesday, replay=replay)
    if programme is None and services.is_replay_week(wednesday, asked=replay) != replay:
        # Not stored as a real week (published while still to come): a started week is a replay.
        replay = True
        programme = programme_get(cinema=cinema, wednesday=wednesday, replay=replay)
    announced: int | None = None
    replay_target = previous_wednesday(_today())
    if programme is None:
        with get_predictor_client() as client:
            try:
                weeks = client.weeks()
                if weeks.wednesdays:
                    replay_target = max(weeks.wednesdays)
                outside = weeks.out_of_range(wednesday)
                if outside:
                    _error_once(request, outside)
                else:
                    announced = len(client.week(wednesday).candidates)
            except PredictorRejectedError as error:
                messages.error(request, error.message)
            except PredictorError as error:
                api_error = error.message
    else:
        api_error = predictor_status()
    fallback = None
    if programme is None and api_error:
        # The week the cinema works with (published) before a draft looked at last.
        fallback = programme_latest_published(cinema=cinema) or programme_latest(cinema=cinema)
    shown = programme or fallback
    context: dict[str, Any] = {
        "wednesday": wednesday,
        "replay": replay,
        "programme": shown,
        "is_fallback": fallback is not None,
        "api_error": api_error,
        "announced": announced,
        "replay_target": replay_target,
        "rooms": cinema_rules_payload(cinema)["rooms"],
    }
    if shown is not None:
        view = programme_view(shown)
        context.update(
            view=view,
            events=audit_events_for(object_type="programme", object_id=shown.pk, limit=8),
            **_charts(view),
        )
    return render(request, "programmes/this_week.html", context)


def _back(programme: WeekProgramme) -> HttpResponse:
    query = f"?mercredi={programme.wednesday.isoformat()}"
    if programme.is_replay:
        query += "&rejeu=on"
    return redirect(reverse("cette-semaine") + query + "#programme")


def _run(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    try:
        action()
    except (services.ProgrammeError, PredictorError) as error:
        messages.error(request, getattr(error, "message", None) or str(error))
    except ValidationError as error:
        messages.error(request, " ".join(str(message) for message in error.messages))
    else:
        messages.success(request, success)


@require_POST
@role_required(Role.MANAGER)
def programme_compute(request: HttpRequest) -> HttpResponse:
    """Ask the API for a week's proposal and store it as a draft (a replay if asked)."""
    form = WeekForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(str(e) for e in form.errors.get("mercredi", ["Mercredi manquant."]))
        )
        return redirect("cette-semaine")
    # The service decides whether a week already started is replayed (`is_replay_week`); the
    # page asked without `rejeu` finds the week's real programme first, then its replay.
    wednesday, replay = form.cleaned_data["mercredi"], form.cleaned_data["rejeu"]
    _run(
        request,
        lambda: services.programme_draft_compute(
            actor=request.user, cinema=cinema_get(), wednesday=wednesday, replay=replay
        ),
        f"Proposition du {wednesday:%d/%m/%Y} calculée.",
    )
    query = f"?mercredi={wednesday.isoformat()}" + ("&rejeu=on" if replay else "")
    return redirect(reverse("cette-semaine") + query)


@require_POST
@role_required(Role.MANAGER)
def programme_start(request: HttpRequest) -> HttpResponse:
    """Nothing announced: start next Wednesday's draft with a film the manager knows."""
    week = WeekForm(request.POST)
    film = ExtraFilmForm(request.POST)
    if not week.is_valid() or not film.is_valid():
        errors = [str(m) for form in (week, film) for field in form.errors.values() for m in field]
        messages.error(request, " ".join(errors))
        return redirect("cette-semaine")
    wednesday = week.cleaned_data["mercredi"]
    _run(
        request,
        lambda: services.programme_start_with_film(
            actor=request.user, cinema=cinema_get(), wednesday=wednesday, film=film.film()
        ),
        f"« {film.cleaned_data['title']} » ajouté, proposition calculée.",
    )
    return redirect(reverse("cette-semaine") + f"?mercredi={wednesday.isoformat()}")


def _programme(pk: int) -> WeekProgramme:
    return get_object_or_404(WeekProgramme.objects.select_related("cinema"), pk=pk)


def _invalid(request: HttpRequest, programme: WeekProgramme) -> HttpResponse:
    messages.error(request, "Demande incomplète : rechargez la page et recommencez.")
    return _back(programme)


@require_POST
@role_required(Role.MANAGER)
def programme_lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock a film in a room, or free the room."""
    programme = _programme(pk)
    form = LockForm(request.POST)
    if not form.is_valid():
        return _invalid(request, programme)
    film_id = form.cleaned_data["film_id"] or None
    _run(
        request,
        lambda: services.programme_lock(
            actor=request.user, programme=programme, room=form.cleaned_data["room"], film_id=film_id
        ),
        "Salle verrouillée, proposition recalculée." if film_id else "Salle libérée.",
    )
    return _back(programme)


@require_POST
@role_required(Role.MANAGER)
def programme_exclude(request: HttpRequest, pk: int) -> HttpResponse:
    """Exclude a film from the week, or take it back."""
    programme = _programme(pk)
    form = ExcludeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, programme)
    excluded = form.cleaned_data["excluded"]
    _run(
        request,
        lambda: services.programme_exclude(
            actor=request.user,
            programme=programme,
            film_id=form.cleaned_data["film_id"],
            excluded=excluded,
        ),
        "Film exclu, proposition recalculée." if excluded else "Film réintégré.",
    )
    return _back(programme)


@require_POST
@role_required(Role.MANAGER)
def programme_swap(request: HttpRequest, pk: int) -> HttpResponse:
    """Swap the films of two rooms."""
    programme = _programme(pk)
    form = SwapForm(request.POST)
    if not form.is_valid():
        return _invalid(request, programme)
    _run(
        request,
        lambda: services.programme_swap(
            actor=request.user,
            programme=programme,
            room_a=form.cleaned_data["room_a"],
            room_b=form.cleaned_data["room_b"],
        ),
        "Salles échangées, proposition recalculée.",
    )
    return _back(programme)


@require_POST
@role_required(Role.MANAGER)
def programme_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the API again with the week's parameters."""
    programme = _programme(pk)
    _run(
        request,
        lambda: services.programme_recompute(actor=request.user, programme=programme),
        "Proposition recalculée.",
    )
    return _back(programme)


@require_POST
@role_required(Role.MANAGER)
def programme_override(request: HttpRequest, pk: int) -> HttpResponse:
    """Store a film's distributor and planned copies as the manager heard them."""
    programme = _programme(pk)
    form = OverrideForm(request.POST, prefix=request.POST.get("prefix", ""))
    if not form.is_valid():
        errors = [str(message) for field in form.errors.values() for message in field]
        messages.error(request, " ".join(errors))
        return _back(programme)
    _run(
        request,
        lambda: services.programme_override_set(
            actor=request.user,
            programme=programme,
            film_id=form.cleaned_data["film_id"],
            distributor=form.cleaned_data["distributor"] or None,
            planned_copies=form.cleaned_data["planned_copies"],
        ),
        "Distributeur et copies enregistrés, prévisions recalculées.",
    )
    return _back(programme)


@require_POST
@role_required(Role.MANAGER)
def programme_extra_film(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a film the crawlers missed."""
    programme = _programme(pk)
    form = ExtraFilmForm(request.POST)
    if not form.is_valid():
        errors = [str(message) for field in form.errors.values() for message in field]
        messages.error(request, " ".join(errors))
        return _back(programme)
    _run(
        request,
        lambda: services.programme_extra_film_add(
            actor=request.user, programme=programme, film=form.film()
        ),
        f"« {form.cleaned_data['title']} » ajouté, proposition recalculée.",
    )
    return _back(programme)


@require_POST
@role_required(Role.MANAGER)
def programme_extra_film_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a film added by hand."""
    programme = _programme(pk)
    form = ExcludeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, programme)
    _run(
        request,
        lambda: services.programme_extra_film_remove(
            actor=request.user, programme=programme, film_id=form.cleaned_data["film_id"]
        ),
        "Film retiré, proposition recalculée.",
    )
    return _back(programme)


@require_POST
@role_required(Role.MANAGER)
def programme_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the week (a second publish changes nothing)."""
    programme = _programme(pk)
    try:
        changed = services.programme_publish(actor=request.user, programme=programme)
    except services.ProgrammeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "Programme publié." if changed else "Ce programme était déjà publié."
        )
    return _back(programme)


@require_POST
@role_required(Role.MANAGER)
def programme_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a published week back to draft so it can be changed."""
    programme = _programme(pk)
    try:
        changed = services.programme_unpublish(actor=request.user, programme=programme)
    except services.ProgrammeError as error:
        # Attendance is typed for the week: unpublishing would lose it (said, nothing changed).
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Programme dépublié : il peut être modifié." if changed else "Déjà en brouillon.",
        )
    return _back(programme)


@require_GET
@role_required(*ANY_ROLE)
def replay(request: HttpRequest) -> HttpResponse:
    """Rejeu: any past Wednesday as the tool would have proposed it, beside what happened."""
    cinema = cinema_get()
    form = WeekForm(request.GET or None)
    api_error: str | None = None
    wednesdays: list[dt.date] = []
    view: ProgrammeView | None = None
    with get_predictor_client() as client:
        try:
            wednesdays = client.weeks().wednesdays
            if request.GET.get("mercredi") and form.is_valid():
                wednesday = form.cleaned_data["mercredi"]
                if wednesdays and wednesday not in set(wednesdays):
                    form.add_error(
                        "mercredi",
                        f"Aucune sortie connue le {wednesday:%d/%m/%Y} : choisissez un "
                        f"mercredi entre le {min(wednesdays):%d/%m/%Y} et le "
                        f"{max(wednesdays):%d/%m/%Y}.",
                    )
                else:
                    proposal = client.programme(
                        {
                            "wednesday": wednesday.isoformat(),
                            "rules": cinema_rules_payload(cinema),
                            "alternatives": 2,
                        }
                    )
                    view = proposal_view(proposal.model_dump(mode="json"), wednesday=wednesday)
        except PredictorError as error:
            api_error = error.message
    context: dict[str, Any] = {
        "form": form,
        "view": view,
        "api_error": api_error,
        "first": min(wednesdays) if wednesdays else None,
        "last": max(wednesdays) if wednesdays else None,
        "recent": sorted(wednesdays)[-8:][::-1],
    }
    if view is not None:
        context.update(_charts(view))
    return render(request, "programmes/replay.html", context)


@require_GET
@role_required(*ANY_ROLE)
def history(request: HttpRequest) -> HttpResponse:
    """Historique: published weeks, predicted against actual, cumulative result; CSV export."""
    cinema = cinema_get()
    form = PeriodForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data.get("du"), form.cleaned_data.get("au")
    history_view = history_get(cinema=cinema, start=start, end=end, today=_today())
    rows = history_view.rows
    if request.GET.get("format") == "csv":
        return _history_csv(rows)
    chart = (
        line_svg(
            [f"{row.programme.wednesday:%d/%m/%y}" for row in rows],
            [row.cumulative_result for row in rows],
            title="Résultat cumulé (recettes − frais fixes)",
            from_zero=True,
        )
        if rows
        else None
    )
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "programmes/history.html",
        {
            "form": form,
            "rows": rows,
            "chart": chart,
            "api_error": history_view.api_error,
            "csv_query": query.urlencode(),
        },
    )


def _decimal(value: float | None, places: int) -> str:
    """A number as French spreadsheets read it: decimal comma, no grouping; empty when None."""
    return "" if value is None else f"{value:.{places}f}".replace(".", ",")


def _history_csv(rows: list[Any]) -> HttpResponse:
    # The byte-order mark and the decimal comma are what a French Excel needs to read the
    # accents and the numbers of a ';'-separated file.
    response = HttpResponse("\ufeff", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="historique-mercredi.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "mercredi",
            "rejeu",
            "films",
            "spectateurs_prevus",
            "spectateurs_reels",
            "ecart",
            "recettes_prevues_eur",
            "recettes_reelles_eur",
            "frais_fixes_eur",
            "resultat_eur",
            "resultat_cumule_eur",
            "entrees_nationales_prevues_p50",
            "entrees_nationales_reelles",
            "journees_saisies",
            "journees_de_la_semaine",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.programme.wednesday.isoformat(),
                "oui" if row.programme.is_replay else "non",
                row.films,
                _decimal(row.predicted_audience, 0),
                _decimal(row.actual_audience, 0),
                _decimal(row.audience_error, 3),
                _decimal(row.predicted_receipts, 2),
                _decimal(row.actual_receipts, 2),
                _decimal(row.fixed_costs, 2),
                _decimal(row.actual_result, 2),
                _decimal(row.cumulative_result, 2),
                _decimal(row.national_predicted, 0),
                _decimal(row.national_actual, 0),
                row.typed_days,
                row.week_days,
            ]
        )
    return response
