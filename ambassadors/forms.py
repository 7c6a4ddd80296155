"""Forms of the ambassadors: public sign-up and a referent's proposal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ambassadors import services as ambassadors
from ambassadors.models import Ambassador, Topic
from portal.forms import drop_empty_radio_choices
from structures.models import Profession
from territories.forms import CommuneField


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
    commune_text = CommuneField(
        label=_("Votre commune"),
        help_text=_("Nom ou code postal, par exemple « Figeac » ou « 46100 »."),
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
        self.fields["profession"].empty_label = _("— Choisissez —")
        drop_empty_radio_choices(self)
        self.commune = None

    def clean_commune_text(self):
        self.commune = self.cleaned_data["commune_text"]
        return self.commune
