"""The placement panels of the case pages: training site and housing (registered in
``StudentsConfig.ready()``). Installation cases show none and cost no query."""

from installations.kinds import CaseKind
from installations.panels import Page, Panel, load_choices
from students.forms import ConfirmPlacementForm, HousingRequestForm
from students.models import HousingRequest


def housing_requests_of(case):
    return list(
        HousingRequest.objects.filter(case=case)
        .select_related("wished_offer", "allocation__period__offer__commune")
        .order_by("starts_on", "pk")
    )


def newcomer_panel(case, request):
    """Up to 3 queries: the housing requests, the confirmed training site, the offers."""
    if case.kind != CaseKind.PLACEMENT:
        return None
    housing_form = None
    if case.is_open and not case.is_draft:
        housing_form = HousingRequestForm(case=case)
        load_choices(housing_form.fields["wished_offer"])
    return {
        "placement_site": case.placement_site,
        "housing_requests": housing_requests_of(case),
        "housing_form": housing_form,
    }


def referent_panel(case, request):
    """2 queries: the housing requests and the training sites to choose from."""
    if case.kind != CaseKind.PLACEMENT:
        return None
    placement_form = ConfirmPlacementForm(case=case)
    load_choices(placement_form.fields["placement"])
    return {"housing_requests": housing_requests_of(case), "placement_form": placement_form}


PANELS = [
    Panel(
        name="placement",
        page=Page.NEWCOMER,
        template="students/_newcomer_panel.html",
        load=newcomer_panel,
    ),
    Panel(
        name="placement",
        page=Page.REFERENT,
        template="students/_referent_panel.html",
        load=referent_panel,
    ),
]
