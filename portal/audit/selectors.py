"""Reading the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.audit.models import AuditEvent


def audit_events_for(*, object_type: str, object_id: object, limit: int = 20) -> list[AuditEvent]:
    """The latest events of one object, newest first."""
    events: QuerySet[AuditEvent] = AuditEvent.objects.filter(
        object_type=object_type, object_id=str(object_id)
    ).select_related("actor")
    return list(events[:limit])


def audit_events_latest(
    *, limit: int = 30, object_types: tuple[str, ...] | None = None
) -> list[AuditEvent]:
    """The latest events of the whole portal (or of these kinds of object only), newest first."""
    events: QuerySet[AuditEvent] = AuditEvent.objects.all()
    if object_types is not None:
        events = events.filter(object_type__in=object_types)
    return list(events[:limit])
