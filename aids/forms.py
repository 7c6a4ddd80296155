from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aids.enums import CareerStage
from structures.models import PracticeMode, Profession
from territories.communes import Match
from territories.communes import resolve as resolve_commune
from territories.models import Commune

UNDECIDED = "indecis"

# The simulator's three steps and the answers each one asks for (query-string names).
STEPS = {
    1: ("profession", "situation", "anciennete"),
    2: ("commune", "exercice"),
    3: ("aide", "annee_aide"),
}
ANSWER_NAMES = [name for names in STEPS.values() for name in names]


def find_communes(text) -> Match:
    """Whatever the commune field accepts (name, postal code, « Nom (code postal) », « Nom
    (code INSEE) »), among every commune of the reference data."""
    return resolve_commune(text, within=Commune.objects.all())


class SimulatorForm(forms.Form):
    """Every answer of the simulator; all optional here, the view decides which step is
    complete. Field names are the (French) query-string parameters."""

    profession = forms.ModelChoiceField(
        label=_("Votre profession"),
        queryset=Profession.objects.order_by("position", "label"),
        to_field_name="code",
        required=False,
        empty_label=_("Choisissez…"),
    )
    situation = forms.ChoiceField(
        label=_("Votre situation"),
        choices=CareerStage.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    anciennete = forms.IntegerField(
        label=_("Si vous êtes installé·e : depuis combien d'années ?"),
        help_text=_("0 si vous êtes installé·e depuis moins d'un an."),
        min_value=0,
        max_value=60,
        required=False,
    )
    commune = forms.CharField(
        label=_("Commune où vous souhaitez exercer"),
        help_text=_("Son nom ou son code postal, par exemple « Figeac » ou « 46100 »."),
        max_length=100,
        required=False,
    )
    exercice = forms.ChoiceField(
        label=_("Mode d'exercice envisagé"),
        choices=[*PracticeMode.choices, (UNDECIDED, _("je ne sais pas encore"))],
        widget=forms.RadioSelect,
        required=False,
    )
    aide = forms.ChoiceField(
        label=_("Avez-vous déjà reçu une aide à l'installation ?"),
        choices=[("non", _("Non")), ("oui", _("Oui"))],
        widget=forms.RadioSelect,
        required=False,
    )
    annee_aide = forms.IntegerField(
        label=_("Si oui : en quelle année (la plus récente) ?"),
        min_value=1950,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune_matches = []  # [territories.communes.Choice] when the text is ambiguous
        self.commune_matches_more = False
        self.fields["annee_aide"] = forms.IntegerField(
            label=self.fields["annee_aide"].label,
            min_value=1950,
            max_value=timezone.localdate().year,
            required=False,
        )

    def clean_commune(self):
        text = self.cleaned_data.get("commune", "").strip()
        if not text:
            return None
        match = find_communes(text)
        if match.unknown:
            raise forms.ValidationError(
                _("Aucune commune ne correspond à « %(text)s »."), params={"text": text}
            )
        if match.ambiguous:
            self.commune_matches = match.choices
            self.commune_matches_more = match.more
            raise forms.ValidationError(
                _("Plusieurs communes correspondent à « %(text)s » : choisissez la vôtre."),
                params={"text": text},
            )
        return match.commune

    def missing(self, step):
        """Required answers of ``step`` that are missing, as ``{field: message}``."""
        data = {name: self.cleaned_data.get(name) for name in STEPS[step]}
        missing = {}
        if step == 1:
            if not data["profession"]:
                missing["profession"] = _("Choisissez votre profession.")
            if not data["situation"]:
                missing["situation"] = _("Indiquez votre situation.")
            elif data["situation"] == CareerStage.INSTALLED and data["anciennete"] is None:
                missing["anciennete"] = _("Indiquez depuis combien d'années vous êtes installé·e.")
        elif step == 2:
            if not data["commune"]:
                missing["commune"] = _("Indiquez la commune de votre projet.")
            if not data["exercice"]:
                missing["exercice"] = _("Choisissez un mode d'exercice (ou « je ne sais pas »).")
        elif step == 3:
            if not data["aide"]:
                missing["aide"] = _("Répondez par oui ou par non.")
            elif data["aide"] == "oui" and data["annee_aide"] is None:
                missing["annee_aide"] = _("Indiquez l'année de cette aide.")
        return missing

    def step_complete(self, step):
        return not self.missing(step) and not any(name in self.errors for name in STEPS[step])
