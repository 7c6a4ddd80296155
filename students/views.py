"""Students and interns: « ce terrain de stage m'intéresse », housing requests, and the
training site the referent confirms."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from installations.views.common import get_case_for
from installations.views.referent import REFERENT_ROLES
from portal.decorators import role_required
from portal.roles import Role
from structures.models import Placement
from students import housing, placements
from students.forms import ConfirmPlacementForm, HousingRequestForm


@role_required(Role.NEWCOMER)
@require_POST
def placement_interest(request, placement_pk):
    placement = get_object_or_404(Placement.objects.published(), pk=placement_pk)
    case = placements.express_placement_interest(user=request.user, placement=placement)
    if case.is_draft:
        messages.success(
            request,
            _(
                "Le terrain de stage est ajouté à votre demande de stage : "
                "complétez-la puis envoyez-la."
            ),
        )
        return redirect("installations:request_step", pk=case.pk, step="vous")
    messages.success(
        request, _("Le terrain de stage est ajouté à votre dossier : votre référent le verra.")
    )
    return redirect(case)


@role_required(Role.NEWCOMER)
@require_POST
def housing_request(request, pk):
    case = get_case_for(request.user, pk)
    form = HousingRequestForm(request.POST, case=case)
    if form.is_valid():
        try:
            housing.request_housing(case, by=request.user, **form.cleaned_data)
        except housing.HousingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Demande de logement envoyée au guichet."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("installations:case", kwargs={"pk": case.pk}) + "#logement")


@role_required(*REFERENT_ROLES)
@require_POST
def confirm_placement(request, pk):
    case = get_case_for(request.user, pk)
    form = ConfirmPlacementForm(request.POST, case=case)
    if form.is_valid():
        placements.confirm_site(case, placement=form.cleaned_data["placement"], by=request.user)
        messages.success(request, _("Terrain de stage enregistré."))
    else:
        messages.error(request, _("Terrain de stage inconnu."))
    return redirect(reverse("installations:referent_case", kwargs={"pk": case.pk}) + "#titre-stage")
