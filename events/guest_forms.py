"""The forms of the guest-list page: who to look for, and names typed in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.guestlist import Criteria
from structures.models import Profession, Structure, StructureKind
from territories.models import Commune


class GuestFilterForm(forms.Form):
    installed_since = forms.DateField(
        label=_("Installés depuis le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Professionnels installés via un dossier du guichet depuis cette date."),
    )
    interns = forms.BooleanField(label=_("Internes"), required=False)
    profession = forms.ModelChoiceField(
        label=_("Profession"), queryset=Profession.objects.none(), required=False
    )
    structure = forms.ModelChoiceField(
        label=_("Membres de la structure"), queryset=Structure.objects.none(), required=False
    )
    cpts = forms.ModelChoiceField(
        label=_("Membres de la CPTS"), queryset=Structure.objects.none(), required=False
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        territory = Commune.objects.covered_by(event.desk)
        self.fields["profession"].queryset = Profession.objects.all()
        self.fields["structure"].queryset = (
            Structure.objects.filter(commune__in=territory)
            .exclude(kind=StructureKind.CPTS)
            .order_by("name")
        )
        self.fields["cpts"].queryset = Structure.objects.filter(
            kind=StructureKind.CPTS, commune__in=territory
        ).order_by("name")

    def criteria(self) -> Criteria:
        if not self.is_valid():
            return Criteria()
        return Criteria(**self.cleaned_data)


class TypedGuestsForm(forms.Form):
    names = forms.CharField(
        label=_("Noms saisis"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Une personne par ligne : « Prénom Nom, adresse e-mail » ou « Prénom Nom » "
            "(sans adresse : invitation par courrier seulement)."
        ),
    )
