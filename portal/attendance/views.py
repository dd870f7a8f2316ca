"""Saisie des entrées: the staff type each room's admissions each day of a published week."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from portal.attendance.selectors import attendance_grid
from portal.attendance.services import attendance_record_week
from portal.audit.selectors import audit_events_for_objects
from portal.cinemas.selectors import cinema_get
from portal.programmes.models import WeekProgramme
from portal.programmes.selectors import programme_latest_published
from portal.web.roles import Role, role_required


def _published(cinema_id: int) -> list[WeekProgramme]:
    return list(
        WeekProgramme.objects.filter(
            cinema_id=cinema_id, status=WeekProgramme.Status.PUBLISHED
        ).order_by("-wednesday")[:20]
    )


@role_required(Role.MANAGER, Role.STAFF)
def attendance_entry(request: HttpRequest) -> HttpResponse:
    """GET: the week's grid (latest published week by default); POST: store it all or nothing."""
    cinema = cinema_get()
    weeks = _published(cinema.pk)
    chosen = request.GET.get("programme") or request.POST.get("programme")
    programme = next((w for w in weeks if str(w.pk) == chosen), None) if chosen else None
    if chosen and programme is None:
        messages.error(
            request,
            "Cette semaine n'existe pas ou n'est pas publiée : choisissez une des semaines "
            "publiées de la liste. Rien n'a été enregistré.",
        )
        if request.method == "POST":
            return redirect("saisie")
    programme = programme or programme_latest_published(cinema=cinema)
    errors: list[str] = []
    submitted: dict[str, str] = {}
    if request.method == "POST" and programme is not None:
        screenings = {s.pk: s for s in programme.screenings.all() if s.film_id}
        values: dict[tuple[int, dt.date], int | None] = {}
        for row in attendance_grid(programme):
            for cell in row:
                raw = request.POST.get(cell.name, "").strip()
                submitted[cell.name] = raw
                if raw == "":
                    # A cell sent empty over a stored value erases it; a cell not sent is kept.
                    if cell.name in request.POST and cell.admissions is not None:
                        values[(cell.screening.pk, cell.date)] = None
                    continue
                try:
                    values[(cell.screening.pk, cell.date)] = int(raw)
                except ValueError:
                    errors.append(
                        f"{cell.screening.room}, {cell.date:%d/%m} : « {raw} » n'est pas un "
                        "nombre entier."
                    )
        if not errors:
            try:
                changed = attendance_record_week(
                    actor=request.user, programme_screenings=screenings, values=values
                )
            except ValidationError as invalid:
                errors.extend(str(message) for message in invalid.messages)
            else:
                messages.success(
                    request, f"Entrées enregistrées ({changed} valeur(s) modifiée(s))."
                )
                return redirect(reverse("saisie") + f"?programme={programme.pk}")
        for problem in errors:
            messages.error(request, problem)
    rooms = [s for s in programme.screenings.all() if s.film_id] if programme else []
    context: dict[str, Any] = {
        "programme": programme,
        "weeks": weeks,
        "grid": attendance_grid(programme) if programme else [],
        "submitted": submitted,
        "rooms": rooms,
        "events": audit_events_for_objects(
            object_type="screening", object_ids=[room.pk for room in rooms], limit=12
        ),
    }
    return render(request, "attendance/entry.html", context, status=400 if errors else 200)
