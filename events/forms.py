from django import forms
from django.utils.translation import gettext_lazy as _

from events.enums import Audience, DocumentKind
from events.models import Event
from portal.roles import SUPERUSER, role_of
from structures.models import Structure, StructureKind
from territories.forms import CommuneField, CommuneInput
from territories.models import Commune, Desk, Epci

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
PARTNER_KINDS = (
    StructureKind.CPTS,
    StructureKind.MSP,
    StructureKind.HEALTH_CENTRE,
    StructureKind.HOSPITAL,
    StructureKind.LOCAL_HOSPITAL,
)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class EventForm(forms.ModelForm):
    commune = CommuneField(
        label=_("Commune"),
        help_text=_("Nom, code postal ou « Nom (code postal) », par exemple « Figeac »."),
        widget=CommuneInput(suggest=False),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "desk",
            "starts_at",
            "ends_at",
            "venue_name",
            "address",
            "commune",
            "capacity",
            "registration_deadline",
            "audience",
            "description",
            "partner_structures",
            "partner_epcis",
            "is_published",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "registration_deadline": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        own_desk = Desk.objects.of_user(user).first()
        if role_of(user) != SUPERUSER and own_desk is not None:
            self.fields["desk"].queryset = Desk.objects.filter(pk=own_desk.pk)
            self.fields["desk"].initial = own_desk.pk
            self.fields["desk"].widget = forms.HiddenInput()
        desk = self.instance.desk if self.instance.desk_id else own_desk
        if self.instance.commune_id and not self.is_bound:
            self.initial["commune"] = self.instance.commune
        if desk is not None:
            self.fields["commune"].within = Commune.objects.covered_by(desk)
            self.fields["partner_structures"].queryset = Structure.objects.filter(
                kind__in=PARTNER_KINDS, commune__in=Commune.objects.covered_by(desk)
            ).order_by("name")
            self.fields["partner_epcis"].queryset = (
                Epci.objects.filter(communes__in=Commune.objects.covered_by(desk))
                .distinct()
                .order_by("name")
            )
        else:
            self.fields["commune"].within = Commune.objects.covered()
            self.fields["partner_structures"].queryset = Structure.objects.filter(
                kind__in=PARTNER_KINDS
            ).order_by("name")
        self.fields["partner_structures"].help_text = _(
            "Une CPTS, une maison de santé… (Ctrl ou Cmd pour en choisir plusieurs)"
        )
        self.fields["partner_epcis"].help_text = _("Ctrl ou Cmd pour en choisir plusieurs.")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        deadline = data.get("registration_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin doit suivre le début."))
        if starts and deadline and deadline > starts:
            self.add_error("registration_deadline", _("La date limite doit précéder le début."))
        return data


class AnswerForm(forms.Form):
    attending = forms.TypedChoiceField(
        label=_("Votre réponse"),
        choices=[("yes", _("Oui, je viendrai")), ("no", _("Non, je ne pourrai pas venir"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    guests = forms.IntegerField(
        label=_("Nombre d'accompagnants"),
        min_value=0,
        max_value=10,
        initial=0,
        required=False,
        help_text=_("Personnes qui viendront avec vous (0 si vous venez seul·e)."),
    )

    def clean_guests(self):
        return self.cleaned_data.get("guests") or 0


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Il figure dans le message envoyé aux inscrits."),
    )


class MessageForm(forms.Form):
    audience = forms.ChoiceField(label=_("Écrire à"), choices=Audience.choices)
    subject = forms.CharField(label=_("Objet"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices)
