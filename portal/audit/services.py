"""Writing the audit trail: one function, called inside the transaction of the change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from portal.audit.models import AuditEvent


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: object,
    summary: str,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Store one audit event; call it in the same transaction as the change it describes."""
    user = actor if isinstance(actor, User) else None
    event = AuditEvent(
        actor=user,
        actor_username=user.get_username() if user is not None else "système",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary[:300],
        before=before,
        after=after,
    )
    event.full_clean()
    event.save()
    return event
