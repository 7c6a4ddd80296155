"""The ambassadors panels of the case pages: introductions under way and, for the referent, the
proposal form (registered in ``AmbassadorsConfig.ready()``)."""

from ambassadors.forms import ProposeAmbassadorForm
from ambassadors.models import Introduction
from installations.panels import Page, Panel, load_choices
from installations.views.common import fields_html


def introductions_of(case):
    return list(Introduction.objects.filter(case=case).for_case_page())


def newcomer_panel(case, request):
    """1 query: the introductions; nothing to show without one."""
    introductions = introductions_of(case)
    return {"introductions": introductions} if introductions else None


def referent_panel(case, request):
    """2 queries: the introductions and the ambassadors left to propose. The proposal form is
    never shown bound (its POST redirects back with a message): its fields are written once
    per set of candidates (``fields_html``)."""
    propose_form = ProposeAmbassadorForm(case=case)
    candidates = load_choices(propose_form.fields["ambassador"])
    return {
        "introductions": introductions_of(case),
        "propose_fields": fields_html(propose_form, ("ambassador", "topics")) if candidates else "",
        "can_propose": bool(candidates),
    }


PANELS = [
    Panel(
        name="ambassadors",
        page=Page.NEWCOMER,
        template="ambassadors/_newcomer_panel.html",
        load=newcomer_panel,
    ),
    Panel(
        name="ambassadors",
        page=Page.REFERENT,
        template="ambassadors/_referent_panel.html",
        load=referent_panel,
    ),
]
