"""The partners panels of the case pages (registered in ``PartnersConfig.ready()``): the
referent's list of the case's requests with their actions, and « Mon dossier »'s public ones."""

from django.utils import timezone

from installations.panels import Page, Panel
from partners import requests as partner_requests


def _loaded(case, *, public):
    """No query for a case without requests; else 2: the requests and all their messages."""
    today = timezone.localdate()
    items = partner_requests.case_requests(case, public=public)
    for item in items:
        item.is_late = partner_requests.is_late(item, today)
        item.subject = partner_requests.subject_of(item)
    return items


def referent_panel(case, request):
    return {"requests": _loaded(case, public=False)}


def newcomer_panel(case, request):
    """Only the requests the referent made visible; nothing to show without one."""
    items = _loaded(case, public=True)
    return {"requests": items} if items else None


PANELS = [
    Panel(
        name="partners",
        page=Page.REFERENT,
        template="partners/request_panel_referent.html",
        load=referent_panel,
    ),
    Panel(
        name="partners",
        page=Page.NEWCOMER,
        template="partners/request_panel_newcomer.html",
        load=newcomer_panel,
    ),
]
