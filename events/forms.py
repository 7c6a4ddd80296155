from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import services
from events.enums import Audience, DocumentKind
from events.models import CoHost, Event
from portal import formatting
from portal.formatting import ngettext_fr as ngettext
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


CAPACITY_MESSAGE = _("Au moins 1 place, ou laissez vide pour sans limite.")


class EventForm(forms.ModelForm):
    """An event's facts. Lowering the capacity below the seats taken asks for a
    confirmation, after showing who would go back to the waiting list (``surplus``)."""

    confirm_capacity = forms.BooleanField(
        label=_(
            "Je confirme : ces personnes repassent en tête de la liste d'attente et en sont "
            "prévenues."
        ),
        required=False,
    )
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
            "co_hosts",
            "is_published",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "registration_deadline": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "co_hosts": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # None until a lower capacity needs a confirmation: then the seated guests who
        # would go back to the waiting list (possibly nobody, if the checked-in keep theirs).
        self.surplus = None
        self.seats_taken = None
        self.new_capacity = None
        capacity = self.fields["capacity"]
        capacity.min_value = 1
        capacity.validators = [MinValueValidator(1, CAPACITY_MESSAGE)]
        capacity.widget.attrs["min"] = 1
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
        # Co-hosts are the desk's own partners (logos and signatures on letters and badges).
        self.fields["co_hosts"].queryset = (
            CoHost.objects.filter(desk=desk).order_by("name") if desk else CoHost.objects.none()
        )
        self.fields["co_hosts"].help_text = _(
            "Leurs noms, logos et signatures figurent sur les lettres et les badges. "
            "Ils se déclarent dans l'administration (« Co-organisateurs »)."
        )
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
        self._check_capacity(data)
        return data

    def _check_capacity(self, data):
        if not self.instance.pk or "capacity" not in data:
            return
        capacity = data["capacity"]
        previous = self.instance.capacity
        if capacity is None or (previous is not None and capacity >= previous):
            return
        taken = self.instance.invitations.seats_taken()
        if capacity >= taken:
            return
        self.seats_taken = taken
        self.new_capacity = capacity
        self.surplus = services.surplus_for(self.instance, capacity)
        if not data.get("confirm_capacity"):
            self.add_error(
                "confirm_capacity",
                ngettext(
                    "%(taken)d places sont déjà prises pour %(count)d place : cochez la "
                    "confirmation pour enregistrer.",
                    "%(taken)d places sont déjà prises pour %(count)d places : cochez la "
                    "confirmation pour enregistrer.",
                    capacity,
                )
                % {"taken": taken, "count": capacity},
            )


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

    companion_names = forms.CharField(
        label=_("Noms des accompagnants, un par ligne"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Facultatif : pour la feuille d'émargement et les badges."),
    )

    def clean_guests(self):
        return self.cleaned_data.get("guests") or 0

    def clean_companion_names(self):
        lines = (self.cleaned_data.get("companion_names") or "").splitlines()
        return "\n".join(" ".join(line.split()) for line in lines if line.strip())

    def clean(self):
        data = super().clean()
        names = data.get("companion_names") or ""
        guests = data.get("guests") or 0
        count = len(names.splitlines()) if names else 0
        if data.get("attending") and count > guests:
            self.add_error(
                "companion_names",
                ngettext(
                    "%(names)d noms pour %(count)d accompagnant : un nom par accompagnant, "
                    "au plus.",
                    "%(names)d noms pour %(count)d accompagnants : un nom par accompagnant, "
                    "au plus.",
                    guests,
                )
                % {"names": count, "count": guests},
            )
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Il figure dans le message envoyé aux inscrits."),
    )


class MessageForm(forms.Form):
    """A message to one audience; each choice says how many will receive it, and an empty
    audience is refused with the reason (the absent are known only once the event began)."""

    audience = forms.ChoiceField(
        label=_("Écrire à"), choices=Audience.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Objet"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, event, counts, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.counts = counts
        self.started = event.starts_at <= (now or timezone.now())
        self.fields["audience"].choices = [
            (audience.value, self._label(audience)) for audience in Audience
        ]

    def absent_notice(self):
        return _("Les absents ne sont connus qu'après le début de l'évènement, le %(date)s.") % {
            "date": formatting.datetime_fr(self.event.starts_at)
        }

    def _label(self, audience):
        if audience == Audience.ABSENT and not self.started:
            return _("%(label)s : connus après le début") % {"label": audience.label}
        mailed = self.counts[audience][0]
        return f"{audience.label} ({formatting.number_fr(mailed)})"

    def without_email(self):
        """(label, count) of the audiences where some have no e-mail address."""
        return [
            (audience.label, self.counts[audience][1])
            for audience in Audience
            if self.counts[audience][1] and (audience != Audience.ABSENT or self.started)
        ]

    def clean_audience(self):
        audience = Audience(self.cleaned_data["audience"])
        if audience == Audience.ABSENT and not self.started:
            raise forms.ValidationError(self.absent_notice())
        mailed, without = self.counts[audience]
        if not mailed:
            if without:
                raise forms.ValidationError(
                    _(
                        "Personne à qui écrire : aucune des personnes de ce groupe n'a "
                        "d'adresse e-mail. Prévenez-les par courrier ou par téléphone."
                    )
                )
            raise forms.ValidationError(
                _("Personne à qui écrire : ce groupe est vide pour le moment.")
            )
        return audience


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices)
