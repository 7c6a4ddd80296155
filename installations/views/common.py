from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from installations.models import Case


def get_case_for(user, pk, *, for_update=False, places=True):
    """The one access-scoped fetch: the case if ``user`` may reach it, else 404. ``places``
    reads the wished communes and EPCIs with it (two queries), for the pages that show them.

    In the same query: ``viewer_may_manage`` (whether ``user`` may fire transitions on it,
    read by ``workflow.allowed_transitions`` for the buttons; ``transition()`` checks again
    on the locked row) and ``has_interested_vacancies`` (the pages skip that list's query)."""
    queryset = (
        Case.objects.visible_to(user)
        .select_related(
            "applicant",
            "desk",
            "referent",
            "referent__referent_profile",
            "profession",
            "profession__parent",
        )
        .annotate(
            viewer_may_manage=Exists(Case.objects.manageable_by(user).filter(pk=OuterRef("pk"))),
            has_interested_vacancies=Exists(
                Case.interested_vacancies.through.objects.filter(case_id=OuterRef("pk"))
            ),
        )
    )
    if places:
        queryset = queryset.prefetch_related("wished_communes", "wished_epcis")
    return get_object_or_404(queryset, pk=pk)


def interested_vacancies(case):
    """The vacancies the newcomer said they are interested in, as the case pages list them."""
    if not getattr(case, "has_interested_vacancies", True):
        return []
    return list(case.interested_vacancies.select_related("structure", "profession"))
