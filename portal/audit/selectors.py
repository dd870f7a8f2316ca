"""Reading the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.audit.models import AuditEvent


def audit_events_for(*, object_type: str, object_id: object, limit: int = 20) -> list[AuditEvent]:
    """The latest events of one object, newest first."""
    return audit_events_for_objects(object_type=object_type, object_ids=[object_id], limit=limit)


def audit_events_for_objects(
    *, object_type: str, object_ids: list[object], limit: int = 20
) -> list[AuditEvent]:
    """The latest events of several objects of one kind (a week's rooms), newest first."""
    events: QuerySet[AuditEvent] = AuditEvent.objects.filter(
        object_type=object_type, object_id__in=[str(object_id) for object_id in object_ids]
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
