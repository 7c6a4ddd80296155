"""Forms of the students' side: housing requests and the training site a referent confirms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from installations.models import TEXT_LIMIT
from structures.models import Placement
from students.models import HousingOffer
from territories.models import Commune

DATE_WIDGET = {"type": "date"}


class PlacementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, placement):
        return f"{placement.name} ({placement.commune.name})"


class HousingRequestForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Du"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Au"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    wished_offer = forms.ModelChoiceField(
        label=_("Logement souhaité (facultatif)"),
        queryset=HousingOffer.objects.none(),
        required=False,
        empty_label=_("— Peu importe —"),
    )
    notes = forms.CharField(
        label=_("Précisions (facultatif)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_LIMIT}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        offers = HousingOffer.objects.active().select_related("commune")
        if case.desk_id:
            offers = offers.filter(commune__in=Commune.objects.covered_by(case.desk))
        self.fields["wished_offer"].queryset = offers.order_by("name")
        self.initial.setdefault("starts_on", case.placement_start)
        self.initial.setdefault("ends_on", case.placement_end)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("La date de fin précède la date de début."))
        return cleaned


class ConfirmPlacementForm(forms.Form):
    placement = PlacementChoiceField(
        label=_("Terrain de stage retenu"),
        queryset=Placement.objects.none(),
        required=False,
        empty_label=_("— Aucun pour l'instant —"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        placements = Placement.objects.published().select_related("commune")
        if case.desk_id:
            placements = placements.filter(commune__in=Commune.objects.covered_by(case.desk))
        self.fields["placement"].queryset = placements.order_by("name")
        self.initial.setdefault("placement", case.placement_site_id)
