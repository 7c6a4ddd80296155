from django.shortcuts import get_object_or_404

from installations.models import Case


def get_case_for(user, pk, *, for_update=False):
    """The one access-scoped fetch: the case if ``user`` may reach it, else 404."""
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
        .prefetch_related("wished_communes", "wished_epcis")
    )
    return get_object_or_404(queryset, pk=pk)
