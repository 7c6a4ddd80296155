"""Forms of the evening and after: a walk-in at check-in, the satisfaction survey."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Invitation

COMMENT_MAX_LENGTH = 2000


class WalkInForm(forms.Form):
    """« Ajouter une personne venue sans invitation »: the fields of the sign-in sheet."""

    prefix = "walk_in"

    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    profession_label = forms.CharField(
        label=_("Profession"), max_length=120, help_text=_("Ex. infirmière, médecin généraliste.")
    )
    structure_label = forms.CharField(
        label=_("Structure"),
        max_length=200,
        required=False,
        help_text=_("Facultatif : maison de santé, cabinet, hôpital…"),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=Invitation._meta.get_field("email").max_length,
        help_text=_("Facultatif. Une adresse déjà invitée enregistre l'arrivée de cette personne."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # someone else's name, typed at the door
            field.widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["inputmode"] = "email"


SATISFACTION_CHOICES = [
    (1, _("1 — pas du tout satisfait·e")),
    (2, _("2 — peu satisfait·e")),
    (3, _("3 — moyennement satisfait·e")),
    (4, _("4 — satisfait·e")),
    (5, _("5 — très satisfait·e")),
]
USEFULNESS_CHOICES = [
    (1, _("1 — pas du tout utile")),
    (2, _("2 — peu utile")),
    (3, _("3 — moyennement utile")),
    (4, _("4 — utile")),
    (5, _("5 — très utile")),
]


class SurveyForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction d'ensemble"),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une note de 1 à 5.")},
    )
    usefulness = forms.TypedChoiceField(
        label=_("Utile pour votre installation ou votre exercice"),
        choices=USEFULNESS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une note de 1 à 5.")},
    )
    comment = forms.CharField(
        label=_("Ce qui vous a manqué, ce qu'il faudrait garder"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX_LENGTH}),
        help_text=_("Facultatif, 2 000 caractères au plus. Votre nom n'est pas montré avec."),
    )
