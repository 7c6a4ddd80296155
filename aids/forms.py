from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aids.enums import AidCategory, CareerStage, Discipline, Sector
from structures.models import PracticeMode, Profession
from territories.communes import Match
from territories.communes import resolve as resolve_commune
from territories.models import Commune

UNDECIDED = "indecis"

# The categories of the ten-year rule the simulator asks about: « aide_<category> » = date.
PREVIOUS_AID_FIELDS = {
    f"aide_{category}": category
    for category in (AidCategory.HEALTH_INSURANCE, AidCategory.LOCAL_AUTHORITY, AidCategory.STATE)
}

# The simulator's four steps and the answers each one asks for (query-string names). Step 3
# asks only what matters for the profile (see ``relevant``): it may ask nothing.
STEPS = {
    1: ("profession", "situation", "anciennete"),
    2: ("commune", "exercice", "date"),
    3: ("secteur", "premiere_installation", "cycle", "discipline", "stage_eloigne"),
    4: ("aide", *PREVIOUS_AID_FIELDS),
}
ANSWER_NAMES = [name for names in STEPS.values() for name in names]
YES_NO = [("oui", _("Oui")), ("non", _("Non"))]
DOCTOR_CODES = {"medecin-generaliste", "medecin-specialiste"}
# Professions that do not say the studies (the student answers « filière »).
UNDECIDED_PROFESSIONS = {"etudiant-sante", "interne"}


def is_doctor(profession) -> bool:
    if profession is None:
        return False
    parent = profession.parent.code if profession.parent_id else None
    return profession.code in DOCTOR_CODES or parent in DOCTOR_CODES


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
    date = forms.DateField(
        label=_("Date d'installation envisagée (facultatif)"),
        help_text=_(
            "Les aides et le zonage sont ceux en vigueur à cette date ; vide : aujourd'hui."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    secteur = forms.ChoiceField(
        label=_("Secteur conventionnel envisagé"),
        choices=[*Sector.choices, (UNDECIDED, _("je ne sais pas encore"))],
        widget=forms.RadioSelect,
        required=False,
    )
    premiere_installation = forms.ChoiceField(
        label=_("Est-ce votre première installation en libéral conventionné ?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    cycle = forms.ChoiceField(
        label=_("Votre cycle d'études"),
        choices=[("2", _("2e cycle (externat)")), ("3", _("3e cycle (internat)"))],
        widget=forms.RadioSelect,
        required=False,
    )
    discipline = forms.ChoiceField(
        label=_("Votre filière"),
        choices=Discipline.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    stage_eloigne = forms.ChoiceField(
        label=_("Votre stage est-il à plus de 15 km de votre faculté et de votre domicile ?"),
        choices=[*YES_NO, (UNDECIDED, _("je ne sais pas encore"))],
        widget=forms.RadioSelect,
        required=False,
    )
    aide = forms.ChoiceField(
        label=_("Avez-vous déjà reçu une aide à l'installation ?"),
        choices=[("non", _("Non")), ("oui", _("Oui"))],
        widget=forms.RadioSelect,
        required=False,
    )
    aide_assurance_maladie = forms.DateField(
        label=_("Aide de l'Assurance Maladie : date de la décision d'attribution"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    aide_collectivite = forms.DateField(
        label=_(
            "Aide d'une collectivité (commune, département, région…) : date de la "
            "dernière convention"
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    aide_etat = forms.DateField(
        label=_("Aide de l'État : date de la décision"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune_matches = []  # [territories.communes.Choice] when the text is ambiguous
        self.commune_matches_more = False

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in PREVIOUS_AID_FIELDS:
            day = cleaned.get(name)
            if day is not None and day > today:
                self.add_error(name, _("Cette date est dans le futur."))
        return cleaned

    def relevant(self, name) -> bool:
        """Whether step 3's question ``name`` matters for the answers given so far."""
        data = getattr(self, "cleaned_data", {})
        profession = data.get("profession")
        stage = data.get("situation")
        if name in ("secteur", "premiere_installation"):
            return is_doctor(profession) and data.get("exercice") in ("liberal", "mixed", UNDECIDED)
        if name == "cycle":
            return stage == CareerStage.STUDENT
        if name == "stage_eloigne":
            return stage in (CareerStage.STUDENT, CareerStage.INTERN)
        if name == "discipline":
            return stage in (CareerStage.STUDENT, CareerStage.INTERN) and (
                profession is None or profession.code in UNDECIDED_PROFESSIONS
            )
        return True

    @property
    def relevant_questions(self):
        return [name for name in STEPS[3] if self.relevant(name)]

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
            messages = {
                "secteur": _("Choisissez un secteur (ou « je ne sais pas encore »)."),
                "premiere_installation": _("Répondez par oui ou par non."),
                "cycle": _("Indiquez votre cycle d'études."),
                "discipline": _("Indiquez votre filière."),
                "stage_eloigne": _("Répondez par oui ou par non (ou « je ne sais pas encore »)."),
            }
            for name in self.relevant_questions:
                if not data[name]:
                    missing[name] = messages[name]
        elif step == 4:
            if not data["aide"]:
                missing["aide"] = _("Répondez par oui ou par non.")
            elif data["aide"] == "oui" and not any(data[name] for name in PREVIOUS_AID_FIELDS):
                missing["aide_assurance_maladie"] = _(
                    "Indiquez la date d'au moins une aide déjà reçue."
                )
        return missing

    def step_complete(self, step):
        return not self.missing(step) and not any(name in self.errors for name in STEPS[step])
