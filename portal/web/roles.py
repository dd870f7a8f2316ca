"""The three roles of the portal and the one check every view and service uses.

- manager (gérant): everything;
- staff (équipe): types the daily attendance, reads the rest;
- viewer (lecture): reads only.
A role is a Django group of that name; a superuser counts as a manager.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class Role(enum.StrEnum):
    """A role, named as its Django group."""

    MANAGER = "manager"
    STAFF = "staff"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        """The French name shown on screen."""
        return {"manager": "gérant", "staff": "équipe", "viewer": "lecture seule"}[self.value]


ROLE_ORDER = (Role.MANAGER, Role.STAFF, Role.VIEWER)

User = AbstractBaseUser | AnonymousUser


def user_role(user: User | None) -> Role | None:
    """The strongest role of a user (None for an anonymous user or one without a role)."""
    if user is None or not user.is_authenticated:
        return None
    if not isinstance(user, DjangoUser):
        return None
    if user.is_superuser:
        return Role.MANAGER
    names = set(user.groups.values_list("name", flat=True))
    for role in ROLE_ORDER:
        if role.value in names:
            return role
    return None


def require_role(user: User | None, *roles: Role) -> None:
    """Raise PermissionDenied (French message) unless the user has one of `roles`.

    `user=None` is the system itself (the weekly cron job) and is always allowed.
    """
    if user is None:
        return
    role = user_role(user)
    if role not in roles:
        allowed = ", ".join(r.label for r in roles)
        raise PermissionDenied(f"Cette action est réservée au rôle : {allowed}.")


ViewT = TypeVar("ViewT", bound=Callable[..., HttpResponse])


def role_required(*roles: Role) -> Callable[[ViewT], ViewT]:
    """View decorator: log in first, then one of `roles` (403 page in French otherwise)."""

    def decorator(view: ViewT) -> ViewT:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


ANY_ROLE = (Role.MANAGER, Role.STAFF, Role.VIEWER)
