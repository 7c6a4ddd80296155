"""Panels added to the case pages (students, housing, ambassadors), each loading what it
shows with a fixed number of queries."""

from django import template

from ambassadors.forms import ProposeAmbassadorForm
from ambassadors.models import Introduction
from installations.kinds import CaseKind
from students.forms import ConfirmPlacementForm, HousingRequestForm
from students.models import HousingRequest

register = template.Library()


def _housing_requests(case):
    return list(
        HousingRequest.objects.filter(case=case)
        .select_related("wished_offer", "allocation__period__offer__commune")
        .order_by("starts_on", "pk")
    )


def _placement_data(case):
    if case.kind != CaseKind.PLACEMENT:
        return {"is_placement": False}
    return {
        "is_placement": True,
        "housing_requests": _housing_requests(case),
    }


@register.inclusion_tag("students/_referent_panel.html")
def referent_students_panel(case, csrf_token=None):
    introductions = list(Introduction.objects.filter(case=case).for_case_page())
    data = _placement_data(case)
    if data["is_placement"]:
        data["placement_form"] = ConfirmPlacementForm(case=case)
    propose_form = ProposeAmbassadorForm(case=case)
    field = propose_form.fields["ambassador"]
    candidates = list(field.queryset)  # one query for both « any left? » and the options
    field.choices = [("", field.empty_label)] + [
        (ambassador.pk, field.label_from_instance(ambassador)) for ambassador in candidates
    ]
    return {
        "case": case,
        "csrf_token": csrf_token,
        "introductions": introductions,
        "propose_form": propose_form,
        "can_propose": bool(candidates),
        **data,
    }


@register.inclusion_tag("students/_newcomer_panel.html")
def newcomer_students_panel(case, csrf_token=None):
    data = _placement_data(case)
    if data["is_placement"] and case.is_open and not case.is_draft:
        data["housing_form"] = HousingRequestForm(case=case)
    return {
        "case": case,
        "csrf_token": csrf_token,
        "introductions": list(Introduction.objects.filter(case=case).for_case_page()),
        **data,
    }
