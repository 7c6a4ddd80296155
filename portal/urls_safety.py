"""Where a ``next`` parameter may send someone: only a path of this site."""

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_local_url(url):
    """A path of this site (``/…``): no scheme, no host, no ``//`` or ``/\\`` that a browser
    would read as another host, no bare word that ``redirect()`` would try to reverse."""
    return (
        isinstance(url, str)
        and url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None, require_https=False)
    )


def safe_next(request, default, name=REDIRECT_FIELD_NAME):
    """The ``next`` of the POST (else of the query string) when it is a local path, else
    ``default``."""
    target = request.POST.get(name) or request.GET.get(name) or ""
    return target if is_safe_local_url(target) else default
