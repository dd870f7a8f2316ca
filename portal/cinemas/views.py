"""Paramètres: the cinema's rules and accounts (manager only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from portal.attendance.selectors import learned_rules_get
from portal.audit.selectors import audit_events_latest
from portal.cinemas.forms import RulesForm, UserForm
from portal.cinemas.models import WEEKDAY_LABELS
from portal.cinemas.selectors import cinema_get, cinema_rules_get
from portal.cinemas.services import (
    cinema_rules_adopt_learned,
    cinema_rules_update,
    learned_rule_adopted,
    user_create,
)
from portal.web.roles import Role, role_required, user_role


@role_required(Role.MANAGER)
def settings_page(request: HttpRequest) -> HttpResponse:
    """GET shows the rules and those learnt from attendance; POST validates and stores the
    rules, or adopts a learnt one (audited)."""
    cinema = cinema_get()
    if request.method == "POST" and "adopt" in request.POST:
        rule = request.POST["adopt"]
        try:
            cinema_rules_adopt_learned(actor=request.user, cinema=cinema, rule=rule)
        except (ValueError, ValidationError) as error:
            text = error.messages if isinstance(error, ValidationError) else [str(error)]
            messages.error(request, " ".join(text))
        else:
            messages.success(request, f"{learned_rule_adopted(rule)} ; recalculez la proposition.")
        return redirect("parametres")
    rules = cinema_rules_get(cinema)
    form = RulesForm(
        request.POST if request.method == "POST" and "rules" in request.POST else None,
        cinema=cinema,
        initial=RulesForm.initial_for(rules),
    )
    user_form = UserForm(
        request.POST if request.method == "POST" and "account" in request.POST else None
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                cinema_rules_update(
                    actor=request.user,
                    cinema=cinema,
                    rooms=form.room_values(),
                    **form.rule_values(),
                )
            except ValidationError as error:
                messages.error(request, " ".join(str(message) for message in error.messages))
                status = 400
            else:
                messages.success(request, "Règles enregistrées ; recalculez la proposition.")
                return redirect("parametres")
        else:
            status = 400
    if user_form.is_bound:
        if user_form.is_valid():
            try:
                user_create(
                    actor=request.user,
                    username=user_form.cleaned_data["username"],
                    password=user_form.cleaned_data["password"],
                    role=Role(user_form.cleaned_data["role"]),
                )
            except ValueError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(request, "Compte créé.")
                return redirect("parametres")
        else:
            status = 400
    users = [
        {"username": user.get_username(), "role": user_role(user)}
        for user in get_user_model().objects.order_by("username").prefetch_related("groups")
    ]
    learned = learned_rules_get(cinema=cinema)
    current_total = sum(rules.weekday_profile)
    profile_rows = [
        (
            label,
            weight / current_total,
            learned.learned.weekday_profile[index] if learned.learned else None,
        )
        for index, (label, weight) in enumerate(
            zip(WEEKDAY_LABELS, rules.weekday_profile, strict=True)
        )
    ]
    current_divisor = round(1 / rules.audience_share)
    learned_divisor = (
        round(1 / learned.learned.audience_share)
        if learned.learned and learned.learned.audience_share
        else None
    )
    context: dict[str, Any] = {
        "learned": learned,
        "profile_rows": profile_rows,
        # A learnt rule already in force (as shown, to 0.1 %) offers no "Adopter" button.
        "profile_adopted": learned.learned is not None
        and all(abs(current - (learnt or 0.0)) < 5e-4 for _, current, learnt in profile_rows),
        "current_divisor": current_divisor,
        "learned_divisor": learned_divisor,
        "share_adopted": learned_divisor == current_divisor,
        "form": form,
        "user_form": user_form,
        "profile_fields": [form[f"profile_{index}"] for index in range(7)],
        "room_fields": [
            (room, form[seats], form[shows]) for room, seats, shows in form.room_fields
        ],
        "weekday_labels": WEEKDAY_LABELS,
        "users": users,
        # The rules' and accounts' own journal: a week of attendance would push them out.
        "events": audit_events_latest(limit=15, object_types=("cinema", "user")),
    }
    return render(request, "cinemas/settings.html", context, status=status)
