from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    """Deleting one's account is asked twice: a box to tick and the password."""

    understood = forms.BooleanField(
        label=_(
            "J'ai compris que mes demandes en cours seront retirées et que je ne pourrai plus "
            "me connecter avec ce compte."
        ),
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )
    password = forms.CharField(
        label=_("Votre mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon."))
        return password
