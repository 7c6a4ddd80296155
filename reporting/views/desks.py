"""Which desk a reporting page is about: the one in the address, else the visitor's own,
else the first; and the « Guichet » select (a GET form) sent to the desk's own address."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from territories.models import Desk

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # the ``<slug:…>`` of the desk's own address


def desk_and_choices(request, slug):
    """The desk (404 if ``slug`` names no active desk) and every active desk to choose from."""
    desks = Desk.objects.filter(is_active=True)
    if slug:
        return get_object_or_404(desks, slug=slug), desks
    desk = Desk.objects.of_user(request.user).filter(is_active=True).first()
    desk = desk or desks.order_by("pk").first()
    if desk is None:
        raise Http404
    return desk, desks


def chosen_desk_redirect(request, url_name):
    """``?guichet=lot&du=…`` to ``<url_name>`` of « lot », the other parameters kept; None
    when no desk was chosen."""
    if not request.GET.get("guichet"):
        return None
    params = request.GET.copy()
    slug = params.pop("guichet")[-1]
    if not _SLUG.fullmatch(slug):  # no desk has it: « guichet inconnu », as for a wrong slug
        raise Http404
    url = redirect(url_name, slug=slug).url
    return redirect(f"{url}?{params.urlencode()}" if params else url)
