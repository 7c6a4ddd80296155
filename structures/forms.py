from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from structures.models import Profession, Structure
from territories.models import Department, Epci


class SubscriptionForm(forms.Form):
    """« Prévenez-moi des nouveaux postes » : a profession and, optionally, a territory."""

    profession = forms.ModelChoiceField(
        label=_("Profession ou spécialité"),
        queryset=Profession.objects.order_by("position", "label"),
        required=False,
        empty_label=_("Toutes les professions"),
        to_field_name="code",
    )
    territory = forms.ChoiceField(label=_("Territoire"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        has_structures = Structure.objects.published()
        departments = Department.objects.filter(
            Exists(has_structures.filter(commune__department=OuterRef("pk")))
        )
        epcis = Epci.objects.filter(Exists(has_structures.filter(commune__epci=OuterRef("pk"))))
        self.fields["territory"].choices = [
            ("", _("Tout le territoire")),
            (_("Départements"), [(f"d:{d.pk}", str(d)) for d in departments]),
            (_("Intercommunalités"), [(f"e:{e.pk}", e.name) for e in epcis]),
        ]

    def territory_kwargs(self) -> dict:
        value = self.cleaned_data.get("territory") or ""
        if value.startswith("d:"):
            return {"department": Department.objects.get(pk=value[2:])}
        if value.startswith("e:"):
            return {"epci": Epci.objects.get(pk=value[2:])}
        return {}


class StructureImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("Colonnes de l'export : nom, type, adresse, code_insee, latitude, … (UTF-8)."),
    )
