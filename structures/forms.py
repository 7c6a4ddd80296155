from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from portal.images import clean_image
from structures.models import (
    CONDITION_FIELDS,
    PLACE_KINDS,
    OpportunityKind,
    PracticeMode,
    Profession,
    Structure,
    Vacancy,
    VacancyPhoto,
)
from territories.forms import CommuneField
from territories.models import Department, Epci


class SubscriptionForm(forms.Form):
    """« Prévenez-moi des nouvelles offres » : a profession and, optionally, a kind of offer
    and a territory."""

    profession = forms.ModelChoiceField(
        label=_("Profession ou spécialité"),
        queryset=Profession.objects.order_by("position", "label"),
        required=False,
        empty_label=_("Toutes les professions"),
        to_field_name="code",
    )
    kind = forms.ChoiceField(
        label=_("Type d'offre"),
        required=False,
        choices=[("", _("Tous les types d'offres")), *OpportunityKind.choices],
    )
    territory = forms.ChoiceField(label=_("Territoire"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        has_structures = Structure.objects.published()
        has_offers = Vacancy.objects.published()
        departments = Department.objects.filter(
            Exists(has_structures.filter(commune__department=OuterRef("pk")))
            | Exists(has_offers.filter(commune__department=OuterRef("pk")))
        )
        epcis = Epci.objects.filter(
            Exists(has_structures.filter(commune__epci=OuterRef("pk")))
            | Exists(has_offers.filter(commune__epci=OuterRef("pk")))
        )
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


# --- Offers made without an account ---------------------------------------------------------
class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to ``max_count`` images, each checked and re-encoded by ``portal.images`` (no
    metadata kept). Cleans to a list of ``ContentFile``."""

    widget = MultipleImageInput

    def __init__(self, *, max_count=VacancyPhoto.MAX_PER_OFFER, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.max_count = max_count
        self.widget.attrs.setdefault("accept", "image/png,image/jpeg,image/webp")

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data or []) if upload]
        if not isinstance(data, list | tuple):
            uploads = [data] if data else []
        if len(uploads) > self.max_count:
            raise forms.ValidationError(
                _("%(max)d photos au plus : retirez-en %(extra)d.")
                % {"max": self.max_count, "extra": len(uploads) - self.max_count}
            )
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(clean_image(upload, name="photo.png"))
            except forms.ValidationError as error:
                errors.extend(f"{upload.name} : {message}" for message in error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


PHOTOS_HELP = _(
    "PNG, JPEG ou WebP, 1 Mo et 2 000 pixels de côté au plus. Elles sont ré-enregistrées sans "
    "leurs métadonnées (position GPS, appareil…)."
)
CONTACT_PUBLIC_HELP = _(
    "Décoché (conseillé) : vos coordonnées restent connues du seul guichet, qui vous met en "
    "relation avec les personnes intéressées. Coché : elles sont affichées sur la page de "
    "l'offre, pour tout le monde."
)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferConditionsForm(forms.ModelForm):
    """What the public form and the personal edit link share: conditions and contact."""

    class Meta:
        model = Vacancy
        fields = [
            "title",
            "offerer_name",
            *CONDITION_FIELDS,
            "description",
            "contact_name",
            "contact_phone",
            "contact_public",
        ]
        labels = {
            "title": _("Intitulé (facultatif)"),
            "offerer_name": _("Nom de l'offreur"),
            "office_available": _("Cabinet ou local disponible dès maintenant"),
            "rent_monthly": _("Loyer mensuel (€)"),
            "price": _("Prix demandé (€)"),
            "secretariat": _("Secrétariat"),
            "contact_public": _("Afficher mes coordonnées sur la page de l'offre"),
        }
        help_texts = {
            "title": _("Par exemple « Cabinet de médecine générale au centre-bourg »."),
            "offerer_name": _(
                "Affiché sur l'offre : « Dr Martin », « Mairie de Cajarc », « MSP Simone Veil »…"
            ),
            "practice_mode": _("Pour un poste, une collaboration, une succession."),
            "start_date": _("Prise de poste, début du remplacement ou disponibilité du local."),
            "end_date": _("Pour un remplacement ponctuel."),
            "rent_monthly": _("Pour un local ou un logement à louer."),
            "price": _("Pour une cession de patientèle ou un local à vendre."),
            "equipment": _("Matériel, salle d'attente, accessibilité, stationnement…"),
            "software": _("Par exemple Weda, MédiStory, Crossway…"),
            "contact_public": CONTACT_PUBLIC_HELP,
        }
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "equipment": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "secretariat": forms.NullBooleanSelect,
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offerer_name"].required = True
        self.fields["practice_mode"].required = False
        self.fields["practice_mode"].choices = [
            ("", _("— Non précisé —")),
            *PracticeMode.choices,
        ]
        self.fields["secretariat"].widget.choices = [
            ("unknown", _("Non précisé")),
            ("true", _("Oui")),
            ("false", _("Non")),
        ]
        for name in ("rent_monthly", "price"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = "0"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin précède la date de début."))
        for name in ("rent_monthly", "price"):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Indiquez un montant positif."))
        return cleaned

    def _check_kind(self, kind):
        """Rules that depend on the kind of offer (the public form chooses it, the edit link
        reads it from the offer)."""
        cleaned = self.cleaned_data
        if kind == OpportunityKind.REPLACEMENT and not cleaned.get("replacement_regular"):
            if not cleaned.get("start_date"):
                self.add_error(
                    "start_date", _("Indiquez la date de début du remplacement ponctuel.")
                )
            if not cleaned.get("end_date"):
                self.add_error("end_date", _("Indiquez la date de fin du remplacement ponctuel."))


class OfferForm(OfferConditionsForm):
    """« Proposer une offre », without an account: a retiring doctor, a mayor, a health
    centre's coordinator."""

    commune_text = CommuneField(
        label=_("Commune"),
        help_text=_(
            "Où se trouve l'offre : nom ou code postal, par exemple « Cajarc » ou « 46160 »."
        ),
    )
    photos = PhotosField(
        label=_("Photos (facultatives, %(max)d au plus)") % {"max": VacancyPhoto.MAX_PER_OFFER},
        help_text=PHOTOS_HELP,
    )

    class Meta(OfferConditionsForm.Meta):
        fields = [
            "kind",
            "offerer_kind",
            "offerer_name",
            "profession",
            "title",
            *CONDITION_FIELDS,
            "description",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_public",
        ]
        labels = {
            **OfferConditionsForm.Meta.labels,
            "kind": _("Que proposez-vous ?"),
            "offerer_kind": _("Vous êtes"),
            "profession": _("Profession recherchée"),
            "contact_email": _("Votre e-mail"),
            "contact_name": _("Votre nom"),
            "contact_phone": _("Votre téléphone (facultatif)"),
        }
        help_texts = {
            **OfferConditionsForm.Meta.help_texts,
            "profession": _("Facultative pour un local ou un logement : toutes professions."),
            "contact_email": _(
                "Nous y envoyons un lien pour confirmer l'offre, puis le lien personnel qui "
                "permet de la modifier."
            ),
        }
        widgets = {
            **OfferConditionsForm.Meta.widgets,
            "kind": forms.RadioSelect,
            "offerer_kind": forms.RadioSelect,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    field_order = [
        "kind",
        "replacement_regular",
        "offerer_kind",
        "offerer_name",
        "profession",
        "commune_text",
        "title",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_email"].required = True
        self.fields["contact_name"].required = True
        self.fields["profession"].queryset = Profession.objects.select_related("parent").order_by(
            "position", "label"
        )
        self.fields["profession"].required = False
        self.fields["profession"].to_field_name = "code"  # readable, like the list's filter
        self.fields["profession"].empty_label = _("— Toutes professions (local, logement) —")
        for name in ("kind", "offerer_kind"):
            field = self.fields[name]
            field.choices = [(value, label) for value, label in field.choices if value]
        self.fields["replacement_regular"].label = _(
            "Remplacement régulier (par exemple un jour par semaine)"
        )
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind not in PLACE_KINDS and not cleaned.get("profession"):
            self.add_error(
                "profession",
                _(
                    "Choisissez la profession recherchée "
                    "(seuls un local ou un logement s'en passent)."
                ),
            )
        self._check_kind(kind)
        return cleaned

    def vacancy_fields(self) -> dict:
        """The ``Vacancy`` fields of the cleaned form, for ``offers.submit_offer``."""
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        fields["commune"] = self.cleaned_data["commune_text"]
        fields["practice_mode"] = fields["practice_mode"] or ""
        return fields


class OfferEditForm(OfferConditionsForm):
    """The personal edit link: conditions, contact, photos (``offers.EDITABLE_FIELDS``)."""

    photos = PhotosField(label=_("Ajouter des photos"), help_text=PHOTOS_HELP)
    remove_photos = forms.ModelMultipleChoiceField(
        label=_("Retirer des photos"),
        queryset=VacancyPhoto.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.current_photos = list(photos)
        self.fields["remove_photos"].queryset = VacancyPhoto.objects.filter(vacancy=self.instance)
        self.fields["remove_photos"].choices = [
            (photo.pk, str(photo)) for photo in self.current_photos
        ]
        if not self.current_photos:
            del self.fields["remove_photos"]

    def clean(self):
        cleaned = super().clean()
        self._check_kind(self.instance.kind)
        kept = len(self.current_photos) - len(cleaned.get("remove_photos") or ())
        room = VacancyPhoto.MAX_PER_OFFER - kept
        if len(cleaned.get("photos") or ()) > room:
            self.add_error(
                "photos",
                _("%(max)d photos au plus par offre : vous pouvez en ajouter %(room)d.")
                % {"max": VacancyPhoto.MAX_PER_OFFER, "room": max(room, 0)},
            )
        return cleaned
