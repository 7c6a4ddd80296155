"""Who may open a view, said once above it."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from portal.roles import role_of


def role_required(*roles):
    """Sign-in first; then anyone whose role (``portal.roles.role_of``: one of ``Role``'s
    values, or ``SUPERUSER``) is not in ``roles`` gets a 404, as if the page did not exist."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in allowed:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def personal_link(view):
    """A page opened by a personal link whose token is in the address (an invitation's
    answer, a partner's request or session list): never indexed, never cached, and its
    address never sent as a referrer to another site (``same-origin`` keeps the ``Origin`` of
    its own forms, which CSRF checks)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "same-origin"
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper
