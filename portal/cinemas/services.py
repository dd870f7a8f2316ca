"""Changing the cinema: first set-up, its rules, its accounts."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from portal.attendance.selectors import learned_rules_get
from portal.audit.services import audit_record
from portal.cinemas.models import Cinema, CinemaSettings, Room
from portal.cinemas.selectors import cinema_rules_get, cinema_rules_payload
from portal.web.roles import Role, require_role

BRIEF_ROOMS: tuple[tuple[str, int], ...] = (("Salle 1", 120), ("Salle 2", 80))
"""The brief's rooms; the other rules' defaults are `CinemaSettings`' field defaults."""


@dataclass(frozen=True)
class InitResult:
    """What `cinema_init` created (nothing on a second run)."""

    cinema: Cinema
    cinema_created: bool
    manager_created: bool
    generated_password: str | None


@transaction.atomic
def cinema_init(
    *, name: str, manager_username: str, manager_password: str | None, manager_email: str
) -> InitResult:
    """Create the cinema, its two rooms, the brief's rules, the role groups and the manager.

    Idempotent: a second run changes nothing (an existing manager keeps their password). When no
    password is given, one is generated and returned so the caller can print it once.
    """
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    cinema = Cinema.objects.order_by("id").first()
    cinema_created = cinema is None
    if cinema is None:
        cinema = Cinema(name=name)
        cinema.full_clean()
        cinema.save()
        for position, (room_name, seats) in enumerate(BRIEF_ROOMS):
            room = Room(cinema=cinema, name=room_name, seats=seats, position=position)
            room.full_clean()
            room.save()
        rules = CinemaSettings(cinema=cinema)
        rules.full_clean()
        rules.save()
        audit_record(
            actor=None,
            action="cinema_init",
            object_type="cinema",
            object_id=cinema.pk,
            summary=f"Cinéma « {name} » créé avec les règles du cahier des charges",
        )
    user_model = get_user_model()
    generated: str | None = None
    manager_created = False
    if not user_model.objects.filter(username=manager_username).exists():
        password = manager_password or (generated := secrets.token_urlsafe(12))
        manager = user_model.objects.create_user(
            username=manager_username, email=manager_email, password=password
        )
        manager.groups.add(Group.objects.get(name=Role.MANAGER.value))
        manager_created = True
        audit_record(
            actor=None,
            action="user_create",
            object_type="user",
            object_id=manager.pk,
            summary=f"Compte gérant « {manager_username} » créé",
        )
    return InitResult(cinema, cinema_created, manager_created, generated)


USERNAME = re.compile(r"^[\w.@+-]{3,150}\Z")
"""An account's name: what Django's own usernames allow, three characters at least."""
USERNAME_RULE = "Identifiant : 3 à 150 lettres, chiffres ou . @ + - _"


@transaction.atomic
def user_create(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    username: str,
    password: str,
    role: Role,
    email: str = "",
) -> AbstractBaseUser:
    """Create an account with one role (manager only); ValueError if the name is taken."""
    require_role(actor, Role.MANAGER)
    if not USERNAME.match(username):
        raise ValueError(USERNAME_RULE)
    user_model = get_user_model()
    taken = user_model.objects.filter(username__iexact=username).first()
    if taken is not None:
        raise ValueError(
            f"Le compte « {taken.get_username()} » existe déjà ; choisissez un autre nom."
        )
    _check_password(password, user_model(username=username, email=email))
    user = user_model.objects.create_user(username=username, email=email, password=password)
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    audit_record(
        actor=actor,
        action="user_create",
        object_type="user",
        object_id=user.pk,
        summary=f"Compte « {username} » créé ({role.label})",
    )
    return user


def user_set_password(
    *, actor: AbstractBaseUser | AnonymousUser | None, username: str, password: str
) -> AbstractBaseUser:
    """Give an existing account a new password (manager only, or the ops command: actor None).

    ValueError (French) if no account has that name (any case) or the password is refused.
    """
    require_role(actor, Role.MANAGER)
    user = get_user_model().objects.filter(username__iexact=username).first()
    if user is None:
        raise ValueError(f"Aucun compte « {username} » ; vérifiez le nom.")
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action="user_set_password",
        object_type="user",
        object_id=user.pk,
        summary=f"Mot de passe du compte « {user.get_username()} » changé",
    )
    return user


def _check_password(password: str, user: User) -> None:
    """ValueError (French) when Django's validators refuse `password` for `user`."""
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValueError(f"Mot de passe refusé : {' '.join(error.messages)}") from None


RULE_FIELDS = (
    "audience_share",
    "ticket_price_eur",
    "fixed_costs_eur",
    "vat_rate",
    "tsa_rate",
    "film_rental_rate",
    "weekday_profile",
)


@transaction.atomic
def cinema_rules_update(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    cinema: Cinema,
    rooms: dict[int, tuple[int, int]] | None = None,
    summary: str = "Règles du cinéma modifiées",
    **values: Any,
) -> CinemaSettings:
    """Change the cinema's rules (manager only), validated, audited with before and after.

    `rooms` maps a room's id to its new (seats, shows_per_day); `values` are fields of
    `CinemaSettings` (`RULE_FIELDS`). A ValidationError leaves everything as it was.
    """
    require_role(actor, Role.MANAGER)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"unknown rule fields {sorted(unknown)}; known: {RULE_FIELDS}")
    before = cinema_rules_payload(cinema)
    rules = cinema_rules_get(cinema)
    for field, value in values.items():
        if field in ("ticket_price_eur", "fixed_costs_eur"):
            value = Decimal(str(value))
        setattr(rules, field, value)
    rules.full_clean()
    rules.save()
    for room in cinema.rooms.all():
        if rooms and room.pk in rooms:
            room.seats, room.shows_per_day = rooms[room.pk]
            room.full_clean()
            room.save()
    after = cinema_rules_payload(cinema)
    if after != before:
        audit_record(
            actor=actor,
            action="rules_update",
            object_type="cinema",
            object_id=cinema.pk,
            summary=summary,
            before=before,
            after=after,
        )
    return rules


LEARNED_RULES: dict[str, str] = {
    "weekday_profile": "Profil de la semaine appris",
    "audience_share": "Part d'audience apprise",
}
"""The rules the attendance can teach, with their French names (agreed: la part, le profil)."""
_ADOPTED: dict[str, str] = {"weekday_profile": "adopté", "audience_share": "adoptée"}


def learned_rule_adopted(rule: str) -> str:
    """What the manager reads once a learnt rule is adopted: « Part d'audience apprise
    adoptée »."""
    return f"{LEARNED_RULES[rule]} {_ADOPTED[rule]}"


def cinema_rules_adopt_learned(
    *, actor: AbstractBaseUser | AnonymousUser | None, cinema: Cinema, rule: str
) -> CinemaSettings:
    """Adopt the weekday profile or the audience share learnt from the cinema's attendance
    (manager only), asked of the API now, stored through `cinema_rules_update` (validated,
    audited). ValueError with a French message when there is nothing to adopt."""
    require_role(actor, Role.MANAGER)
    if rule not in LEARNED_RULES:
        raise ValueError(
            f"Règle apprise inconnue « {rule} » : choisissez {' ou '.join(LEARNED_RULES)}."
        )
    state = learned_rules_get(cinema=cinema)
    learned = state.learned
    if learned is None:
        raise ValueError(state.message or "Aucune règle apprise pour l'instant.")
    value: Any
    if rule == "audience_share":
        if learned.audience_share is None:
            raise ValueError(
                "Aucune part d'audience apprise : les entrées nationales des films de ces "
                "semaines ne sont pas encore connues ; réessayez après leur publication."
            )
        value = learned.audience_share
    else:
        value = [round(weight, 4) for weight in learned.weekday_profile]
    return cinema_rules_update(
        actor=actor,
        cinema=cinema,
        summary=f"{LEARNED_RULES[rule]} de {learned.weeks} semaines de fréquentation "
        f"{_ADOPTED[rule]}",
        **{rule: value},
    )
