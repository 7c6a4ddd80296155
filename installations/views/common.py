from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404

from installations.models import Case
from portal.roles import role_of


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


def role_required(*roles):
    """Sign-in first; then anyone whose role is not in ``roles`` gets a 404."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
