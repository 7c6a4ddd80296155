"""The forms of the guest-list page: who to look for, names typed in, a partner's CSV."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from events.guestlist import Criteria
from structures.models import Profession, Structure, StructureKind
from territories.forms import CommuneField, CommuneInput, CommunesField
from territories.models import Commune, Epci

KM_MIN, KM_MAX = 1, 100
KM_MESSAGE = _("Indiquez une distance entre 1 et 100 km.")
CSV_MAX_BYTES = 1024 * 1024
CSV_MAX_AGE = 3600  # seconds between the preview of a file and its confirmation


class RowChoiceField(forms.ChoiceField):
    """A choice among rows read once (``set_rows``): the page's options and the check of
    the answer cost one query between them, not one each."""

    multiple = False

    def set_rows(self, rows):
        self.rows = {str(row.pk): row for row in rows}
        blank = [] if self.multiple else [("", "---------")]
        self.choices = blank + [(key, str(row)) for key, row in self.rows.items()]

    def clean(self, value):
        key = super().clean(value)
        return self.rows.get(key) if key else None


class RowMultipleChoiceField(RowChoiceField, forms.MultipleChoiceField):
    multiple = True

    def clean(self, value):
        return [self.rows[key] for key in forms.MultipleChoiceField.clean(self, value)]


class GuestFilterForm(forms.Form):
    communes = CommunesField(
        label=_("Communes"),
        required=False,
        widget=CommuneInput(suggest=False),
        help_text=_("Séparées par des virgules, par exemple « Figeac, Capdenac-Gare »."),
    )
    epcis = RowMultipleChoiceField(
        label=_("Intercommunalités"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    near = CommuneField(
        label=_("À moins de… de la commune"),
        required=False,
        widget=CommuneInput(suggest=False),
        help_text=_("Avec la distance ci-dessous, par exemple « Alvignac »."),
    )
    km = forms.IntegerField(
        label=_("Distance (km)"),
        required=False,
        min_value=KM_MIN,
        max_value=KM_MAX,
        error_messages={"min_value": KM_MESSAGE, "max_value": KM_MESSAGE, "invalid": KM_MESSAGE},
        widget=forms.NumberInput(attrs={"min": KM_MIN, "max": KM_MAX, "inputmode": "numeric"}),
    )
    installed_since = forms.DateField(
        label=_("Installés depuis le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Début d'exercice dans l'annuaire des professionnels, depuis cette date."),
    )
    interns = forms.BooleanField(label=_("Internes"), required=False)
    profession = RowChoiceField(label=_("Profession"), required=False)
    structure = RowChoiceField(label=_("Membres de la structure"), required=False)
    cpts = RowChoiceField(
        label=_("Membres de la CPTS"),
        required=False,
        help_text=_(
            "Membres directs ou par une structure rattachée, et professionnels sans structure "
            "des communes de la CPTS."
        ),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        territory = Commune.objects.covered_by(event.desk)
        self.fields["communes"].within = territory
        self.fields["near"].within = territory
        # The EPCIs of the desk's territory only.
        self.fields["epcis"].set_rows(
            Epci.objects.filter(pk__in=territory.exclude(epci=None).values("epci")).order_by("name")
        )
        self.fields["profession"].set_rows(Profession.objects.all())
        structures = list(Structure.objects.filter(commune__in=territory).order_by("name"))
        self.fields["structure"].set_rows(
            [structure for structure in structures if structure.kind != StructureKind.CPTS]
        )
        self.fields["cpts"].set_rows(
            [structure for structure in structures if structure.kind == StructureKind.CPTS]
        )

    def clean(self):
        data = super().clean()
        if data.get("near") and not data.get("km") and "km" not in self.errors:
            self.add_error("km", _("Indiquez la distance autour de la commune choisie."))
        if data.get("km") and not data.get("near") and "near" not in self.errors:
            self.add_error("near", _("Indiquez la commune autour de laquelle chercher."))
        return data

    def criteria(self) -> Criteria:
        if not self.is_valid():
            return Criteria()
        data = dict(self.cleaned_data)
        return Criteria(**data)


class TypedGuestsForm(forms.Form):
    names = forms.CharField(
        label=_("Noms saisis"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Une personne par ligne : « Prénom Nom, adresse e-mail » ou « Prénom Nom » "
            "(sans adresse : invitation par courrier seulement)."
        ),
    )


class GuestCsvForm(forms.Form):
    """Step 1: the file. Its rows are read by the view (``portal.csv.read_csv``)."""

    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Colonnes nommées sur la première ligne, par exemple « Prénom;Nom;E-mail;Téléphone;"
            "Adresse;Complément;Code postal;Commune;Profession;Structure » ; « Nom » "
            "obligatoire. Séparateur « ; » ou « , », 1 Mo et 2\u00a0000 lignes au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(
                _("Ce fichier est trop gros : 1 Mo au plus (il fait %(size)s Ko).")
                % {"size": upload.size // 1024},
                code="too_big",
            )
        return upload


def _salt(event):
    return f"events.guest_csv:{event.pk}"


def sign_rows(event, rows: list[dict]) -> str:
    return signing.dumps(rows, salt=_salt(event), compress=True)


class GuestCsvConfirmForm(forms.Form):
    """Step 2: the rows read at step 1, signed, sent back to be added."""

    rows = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_rows(self):
        try:
            rows = signing.loads(
                self.cleaned_data["rows"], salt=_salt(self.event), max_age=CSV_MAX_AGE
            )
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                _("L'aperçu a expiré : chargez le fichier de nouveau."), code="expired"
            ) from error
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _("Ces lignes ne viennent pas d'un fichier chargé ici : chargez-le de nouveau."),
                code="bad_signature",
            ) from error
        if not isinstance(rows, list):
            raise forms.ValidationError(_("Chargez le fichier de nouveau."), code="invalid")
        return rows
