"""One small helper per kind of timeline line (saleor's ``<thing>_event()`` habit)."""

from installations.models import CaseEvent


def build(
    case, kind, *, actor=None, body="", is_public=False, from_status="", to_status="", details=None
):
    """The line, not saved yet: ``record_many`` writes several in one INSERT."""
    return CaseEvent(
        case=case,
        kind=kind,
        actor=actor,
        body=body,
        is_public=is_public,
        from_status=from_status,
        to_status=to_status,
        details=details or {},
    )


def record(
    case, kind, *, actor=None, body="", is_public=False, from_status="", to_status="", details=None
):
    event = build(
        case,
        kind,
        actor=actor,
        body=body,
        is_public=is_public,
        from_status=from_status,
        to_status=to_status,
        details=details,
    )
    event.save()
    return event


def record_many(events):
    """Write lines built by ``build`` in one INSERT, in their order."""
    return CaseEvent.objects.bulk_create(events)
