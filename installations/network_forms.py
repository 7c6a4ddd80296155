"""Forms of the students' side (housing, training site), the ambassadors and the report."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from installations import ambassadors, services
from installations.models import TEXT_LIMIT, Ambassador, HousingOffer
from installations.models.ambassadors import Topic
from structures.models import Placement, Profession
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


class AmbassadorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, ambassador):
        topics = ", ".join(str(label) for label in ambassador.topic_labels)
        return (
            f"{ambassador.first_name} {ambassador.last_name} — {ambassador.commune.name} ({topics})"
        )


class ProposeAmbassadorForm(forms.Form):
    ambassador = AmbassadorChoiceField(
        label=_("Ambassadeur"), queryset=Ambassador.objects.none(), empty_label=_("— Choisir —")
    )
    topics = forms.MultipleChoiceField(
        label=_("Sujets à aborder"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un sujet.")},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ambassador"].queryset = ambassadors.proposable_for(case)


class AmbassadorRegistrationForm(forms.ModelForm):
    commune_text = forms.CharField(
        label=_("Votre commune"),
        max_length=120,
        help_text=_("Nom ou code postal, par exemple « Figeac » ou « 46100 »."),
        widget=forms.TextInput(attrs={"list": "communes-suggestions", "autocomplete": "off"}),
    )
    topics = forms.MultipleChoiceField(
        label=_("De quoi pouvez-vous parler ?"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un sujet.")},
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte d'être contacté·e par le guichet et, avec mon accord à chaque fois, "
            "par les nouveaux arrivants qu'il me présentera."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour devenir ambassadeur.")},
    )

    class Meta:
        model = Ambassador
        fields = ["first_name", "last_name", "email", "phone", "kind", "profession", "presentation"]
        widgets = {
            "kind": forms.RadioSelect,
            "presentation": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profession"].queryset = Profession.objects.top_level()
        self.fields["profession"].required = False
        self.commune = None

    def clean_commune_text(self):
        communes, unknown, ambiguous = services.resolve_communes(
            self.cleaned_data["commune_text"], limit=1
        )
        if unknown or not communes:
            raise forms.ValidationError(_("Commune inconnue ou hors du territoire couvert."))
        if ambiguous:
            raise forms.ValidationError(
                _("Plusieurs communes portent ce nom : précisez le code postal.")
            )
        self.commune = communes[0]
        return self.cleaned_data["commune_text"]


class ReportPeriodForm(forms.Form):
    du = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    au = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )

    def period(self):
        """The chosen period; by default the current calendar year."""
        today = timezone.localdate()
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
        if self.is_valid():
            start = self.cleaned_data.get("du") or start
            end = self.cleaned_data.get("au") or end
        if end < start:
            start, end = end, start
        if (end - start).days > 3 * 366:
            end = date(start.year + 3, start.month, 1)
        return start, end
