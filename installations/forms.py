from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from installations import services
from installations.enums import Need, WishedSetting
from installations.models import TEXT_LIMIT, Case
from installations.validators import RPPS_TYPED_MAX_LENGTH, normalise_rpps, validate_rpps
from portal.forms import drop_empty_radio_choices
from structures.models import Placement, PracticeMode, Profession, Structure
from territories.forms import CommuneField, CommuneInput, CommunesField


class DraftForm(forms.ModelForm):
    """A step of the request. Fields are optional while saving a draft; « Continuer » asks
    for the step's ``required_to_continue`` fields, and the submission guard checks the rest."""

    required_to_continue: tuple = ()

    def __init__(self, *args, require=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require = require
        for name, field in self.fields.items():
            field.required = require and name in self.required_to_continue
        drop_empty_radio_choices(self)

    def cleaned_fields(self):
        """Model fields to write (those that validated)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self._meta.fields and name not in self.errors
        }


class IdentityForm(DraftForm):
    required_to_continue = ("first_name", "last_name")

    class Meta:
        model = Case
        fields = ["civility", "first_name", "last_name", "phone", "contact_preference"]
        widgets = {
            "civility": forms.RadioSelect,
            "contact_preference": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }

    def clean(self):
        cleaned = super().clean()
        if (
            self.require
            and cleaned.get("contact_preference") == "phone"
            and not cleaned.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", _("Indiquez un numéro pour être rappelé·e par téléphone."))
        return cleaned


class ProfessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, profession):
        return profession.label


class RppsField(forms.CharField):
    """An RPPS as printed on a CPS card (« 100 0123 4565 »), kept as its 11 digits."""

    def __init__(self, **kwargs):
        super().__init__(max_length=RPPS_TYPED_MAX_LENGTH, validators=[validate_rpps], **kwargs)

    def to_python(self, value):
        return normalise_rpps(super().to_python(value))


class ProfessionForm(DraftForm):
    required_to_continue = ("kind", "profession", "situation")

    profession = ProfessionChoiceField(
        label=_("Profession ou spécialité"),
        queryset=Profession.objects.select_related("parent"),
        empty_label=_("— Choisissez —"),
    )
    rpps = RppsField(
        label=_("Numéro RPPS"),
        required=False,
        help_text=_("Facultatif. 11 chiffres, sur votre carte CPS."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Case
        fields = ["kind", "profession", "situation", "rpps"]
        widgets = {"kind": forms.RadioSelect, "situation": forms.RadioSelect}
        labels = {"kind": _("Votre demande concerne")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        professions = list(self.fields["profession"].queryset)
        groups = {}
        for profession in professions:
            parent = profession.parent.label if profession.parent else ""
            groups.setdefault(parent, []).append((profession.pk, profession.label))
        top = [(pk, label) for pk, label in groups.pop("", [])]
        self.fields["profession"].choices = [
            ("", _("— Choisissez —")),
            *top,
            *groups.items(),
        ]


class ProjectForm(DraftForm):
    communes_text = CommunesField(
        label=_("Communes souhaitées"),
        max_length=2000,
        help_text=_(
            "Tapez le nom ou le code postal de chaque commune, séparés par des virgules "
            "(ex. : Figeac, Gramat). Des suggestions s'affichent pendant la saisie."
        ),
        required=False,
    )
    wished_epcis = forms.ModelMultipleChoiceField(
        label=_("Ou des intercommunalités entières"),
        queryset=services.covered_epcis(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    wished_settings = forms.MultipleChoiceField(
        label=_("Cadre d'exercice souhaité"),
        choices=WishedSetting.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Case
        fields = ["practice_mode", "wished_settings", "target_date", "max_distance_km"]
        widgets = {
            "practice_mode": forms.RadioSelect,
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "max_distance_km": forms.NumberInput(attrs={"min": 1, "max": 150, "step": 1}),
        }

    # The distance accepted reads with the wished places it widens.
    field_order = [
        "practice_mode",
        "wished_settings",
        "target_date",
        "communes_text",
        "wished_epcis",
        "max_distance_km",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["communes_text"] = list(self.instance.wished_communes.all())
            self.initial["wished_epcis"] = list(self.instance.wished_epcis.all())
        self.communes = None

    def clean_target_date(self):
        target = self.cleaned_data.get("target_date")
        if target and target < timezone.localdate():
            raise forms.ValidationError(_("La date envisagée ne peut pas être passée."))
        return target

    def clean(self):
        cleaned = super().clean()
        if "communes_text" not in self.errors:
            communes = cleaned.get("communes_text") or []
            self.communes = communes
            if self.require and not communes and not cleaned.get("wished_epcis"):
                self.add_error(
                    "communes_text", _("Choisissez au moins une commune ou une intercommunalité.")
                )
        return cleaned


class PlacementForm(DraftForm):
    """The placement step, shown for placement cases only (students, interns)."""

    required_to_continue = ("placement_level", "faculty", "placement_start", "placement_end")

    placements = forms.ModelMultipleChoiceField(
        label=_("Terrains de stage qui vous intéressent"),
        queryset=Placement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ajoutez-en depuis la liste des terrains de stage ; décochez pour retirer."),
    )

    class Meta:
        model = Case
        fields = [
            "placement_level",
            "faculty",
            "study_year",
            "placement_start",
            "placement_end",
            "housing_needed",
        ]
        widgets = {
            "placement_level": forms.RadioSelect,
            "placement_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "placement_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "study_year": forms.NumberInput(attrs={"min": 1, "max": 12}),
        }
        help_texts = {"faculty": _("Ex. « Université de Toulouse, faculté de santé ».")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The widget's bounds, checked: 99999999999 would not even fit the column.
        study_year = self.fields["study_year"]
        study_year.validators += [MinValueValidator(1), MaxValueValidator(12)]
        wished = self.instance.wished_placements.all() if self.instance.pk else None
        if wished is not None:
            self.fields["placements"].queryset = wished.select_related("commune")
            if not self.is_bound:
                self.initial["placements"] = list(wished)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("placement_start"), cleaned.get("placement_end")
        if start and end and end < start:
            self.add_error("placement_end", _("La fin du stage précède son début."))
        return cleaned

    def save_extra(self, case):
        """Unchecked training sites leave the case."""
        if "placements" in self.cleaned_data and "placements" not in self.errors:
            kept = {p.pk for p in self.cleaned_data["placements"]}
            removed = [p for p in self.fields["placements"].queryset if p.pk not in kept]
            if removed:
                case.wished_placements.remove(*removed)


class NeedsForm(DraftForm):
    needs = forms.MultipleChoiceField(
        label=_("Sur quoi souhaitez-vous être aidé·e ?"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Case
        fields = ["needs", "needs_details", "project_text"]
        widgets = {
            "needs_details": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LIMIT}),
            "project_text": forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_LIMIT}),
        }


class SubmitForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "J'accepte que mes informations soient transmises au guichet et au référent qui "
            "suivra ma demande, comme l'explique la page « Données personnelles »."
        ),
        required=True,
        error_messages={"required": _("Cochez cette case pour envoyer votre demande.")},
    )


class TextForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LIMIT}),
        error_messages={
            "required": _("Le texte est vide."),
            "max_length": _(
                "%(limit_value)d caractères au plus (vous en avez écrit %(show_value)d)."
            ),
        },
    )


class MessageToApplicantForm(TextForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Message (communiqué au demandeur)")


class NoteForm(TextForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Note privée (non communiquée au demandeur)")


class NextActionForm(forms.Form):
    next_action_on = forms.DateField(
        label=_("Prochaine action le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi retirez-vous votre demande ? (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )


NEAR_STRUCTURES_KM = 30
MAX_STRUCTURE_CHOICES = 100


# The reason says what it explains: the applicant reads it under the same words in the mail.
REASON_LABELS = {
    "decline": _("Motif du refus"),
    "hold": _("Motif de la mise en pause"),
    "reopen": _("Motif de la réouverture"),
}


class TransitionForm(forms.Form):
    """The inputs a transition needs, shown beside its button on the referent's page."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Compte rendu du premier contact"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Motif"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    resume_on = forms.DateField(
        label=_("Reprise le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    installed_on = forms.DateField(
        label=_("Date d'installation"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    commune = CommuneField(
        label=_("Commune d'installation"),
        required=False,
        help_text=_("Nom, code postal ou « Nom (code postal) » d'une commune du territoire."),
        widget=CommuneInput(suggest=False),
    )
    structure = forms.ModelChoiceField(
        label=_("Structure d'exercice"),
        required=False,
        queryset=Structure.objects.none(),
        help_text=_("Les structures à moins de %(km)d km de la commune souhaitée.")
        % {"km": NEAR_STRUCTURES_KM},
    )
    mode = forms.ChoiceField(
        label=_("Mode d'exercice"),
        required=False,
        choices=[("", _("— Choisissez —")), *PracticeMode.choices],
    )

    def __init__(self, *args, case, transition=None, public=False, **kwargs):
        super().__init__(*args, **kwargs)
        if transition in REASON_LABELS:
            self.fields["reason"].label = REASON_LABELS[transition]
        # Whether the text typed here reaches the applicant (mailed, shown on their page).
        audience = _("communiqué au demandeur") if public else _("non communiqué au demandeur")
        for name in ("note", "reason"):
            field = self.fields[name]
            field.label = format_lazy("{label} ({audience})", label=field.label, audience=audience)
        self.initial.setdefault("version", case.version)
        # Bounded choices whatever the size of the territory: structures near the first
        # wished commune only (a commune is typed, not picked among hundreds).
        wished = next(iter(case.wished_communes.all()), None)
        if wished is not None:
            self.initial.setdefault("commune", wished)
            self.fields["structure"].queryset = Structure.objects.filter(
                pk__in=Structure.objects.published()
                .near(wished.latitude, wished.longitude, NEAR_STRUCTURES_KM)
                .values("pk")[:MAX_STRUCTURE_CHOICES]
            ).order_by("name")
        self.initial.setdefault("installed_on", timezone.localdate())
        self.initial.setdefault("mode", case.practice_mode)

    def details(self):
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "version" and value not in (None, "")
        }
