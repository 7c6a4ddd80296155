"""Placement cases (students, interns): « ce terrain de stage m'intéresse » and the site the
referent confirms. Status changes still go through ``installations.workflow``."""

from django.db import transaction
from django.utils.translation import gettext as _

from installations import services, timeline
from installations.enums import OPEN_STATES, CaseStatus, EventKind
from installations.kinds import CaseKind
from installations.models import Case


def express_placement_interest(*, user, placement) -> Case:
    """Add ``placement`` to the student's placement case: the open one, else their draft
    (turned into a placement request), else a new draft. The site's commune becomes a wished
    commune of a draft, so that the request reaches the right desk."""
    cases = Case.objects.filter(applicant=user, status__in=OPEN_STATES)
    case = (
        cases.filter(kind=CaseKind.PLACEMENT).order_by("-created_at").first()
        or cases.filter(status=CaseStatus.DRAFT).order_by("-created_at").first()
    )
    with transaction.atomic():
        if case is None:
            case = services.start_draft(applicant=user)
        if case.is_draft and case.kind != CaseKind.PLACEMENT:
            Case.objects.filter(pk=case.pk).update(kind=CaseKind.PLACEMENT)
            case.kind = CaseKind.PLACEMENT
        if case.is_draft:
            case.wished_communes.add(placement.commune_id)
        if not case.wished_placements.filter(pk=placement.pk).exists():
            case.wished_placements.add(placement)
            timeline.record(
                case,
                EventKind.UPDATE,
                actor=user,
                is_public=True,
                body=_("Intéressé·e par le terrain de stage : %(placement)s")
                % {"placement": placement},
                details={"placement": placement.pk},
            )
            services.touch(case, bump_version=True)
    return case


def confirm_site(case, *, placement, by) -> Case:
    """The referent records the training site the student will go to."""
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(placement_site=placement)
        case.placement_site = placement
        body = (
            _("Terrain de stage retenu : %(placement)s") % {"placement": placement}
            if placement
            else _("Terrain de stage retiré.")
        )
        timeline.record(case, EventKind.UPDATE, actor=by, is_public=True, body=body)
        services.touch(case, bump_version=True)
    return case
