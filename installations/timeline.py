"""One small helper per kind of timeline line (saleor's ``<thing>_event()`` habit)."""

from installations.models import CaseEvent


def record(
    case, kind, *, actor=None, body="", is_public=False, from_status="", to_status="", details=None
):
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        body=body,
        is_public=is_public,
        from_status=from_status,
        to_status=to_status,
        details=details or {},
    )
