"""What every page needs: the user's role and the cinema's name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from portal.web.roles import Role, user_role


def portal(request: HttpRequest) -> dict[str, Any]:
    """The role (and what it may do) and the cinema's name, for the base template."""
    role = user_role(request.user) if hasattr(request, "user") else None
    return {
        "role": role,
        "is_manager": role == Role.MANAGER,
        "can_enter_attendance": role in (Role.MANAGER, Role.STAFF),
        "cinema_name": settings.MERCREDI_CINEMA_NAME,
    }
