"""Accountability: who on the desks' side read a case, downloaded a welcome pack or exported a
CSV, and when. One row per access, written in the request that served it (one INSERT), kept
a year (``purge``, daily), listed for superusers in the admin.

Only the desk side is traced (staff, referents, coordinators, superusers): an applicant
reading their own case is not an access to account for. CSV exports are traced in one place,
``CsvExportLogMiddleware``: every download ``portal.csv`` writes, whichever view served it.
"""

from datetime import timedelta

from django.utils import timezone

from portal.csv import CONTENT_TYPE as CSV_CONTENT_TYPE
from portal.models import AccessAction, AccessLog
from portal.roles import MFA_ROLES, role_of

RETENTION = timedelta(days=365)
LABEL_LENGTH = AccessLog._meta.get_field("label").max_length

# The roles whose reads are accounted for: the desk side, the same people the second factor
# is asked of.
TRACED_ROLES = MFA_ROLES


def record(request, action: AccessAction, obj=None, label: str = "", desk_id: int | None = None):
    """Trace ``action`` by the signed-in desk member of ``request`` on ``obj`` (optional).
    Returns the row, or None when the user is not on the desks' side."""
    user = getattr(request, "user", None)
    if role_of(user) not in TRACED_ROLES:
        return None
    if obj is not None and not label:
        label = f"{obj._meta.verbose_name} n° {obj.pk}"
    return AccessLog.objects.create(
        user=user,
        action=action,
        label=label[:LABEL_LENGTH],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        desk_id=desk_id,
    )


def purge(now=None) -> int:
    """Delete the rows older than a year, in one statement. Returns how many went."""
    deleted, _by_model = AccessLog.objects.older_than((now or timezone.now()) - RETENTION).delete()
    return deleted


class CsvExportLogMiddleware:
    """Traces every successful CSV download by a desk member: the file's name and address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 200
            and response.get("Content-Type") == CSV_CONTENT_TYPE
            and role_of(getattr(request, "user", None)) in TRACED_ROLES
        ):
            disposition = response.get("Content-Disposition", "")
            filename = disposition.partition("filename=")[2].strip('"') or request.path
            record(
                request,
                AccessAction.CSV_EXPORT,
                label=f"{filename} ({request.get_full_path()})",
            )
        return response
