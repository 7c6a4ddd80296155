"""Forms of the requests to partners: the referent's question, the replies of both sides."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from installations.enums import Need
from installations.models import TEXT_LIMIT
from partners import requests as partner_requests
from portal.formatting import date_fr

STEP_PREFIX, NEED_PREFIX = "step:", "need:"


def suggest(partners, *, step=None, need=""):
    """The partner that handles ``step`` (by its template's code) or ``need``, and its contact
    to write to: the primary one if present, else another present one, else the primary."""
    code = step.template.code if step is not None and step.template_id else None
    partner = next(
        (
            p
            for p in partners
            if (code and code in (p.step_codes or [])) or (need and need in (p.needs or []))
        ),
        None,
    )
    if partner is None:
        return None, None
    contacts = [c for c in partner.contacts.all() if c.is_active]
    present = [c for c in contacts if not c.is_absent()]
    contact = next((c for c in present if c.is_primary), None) or (present or [None])[0]
    if contact is None:
        contact = next((c for c in contacts if c.is_primary), None) or (contacts or [None])[0]
    return partner, contact


def contact_label(contact) -> str:
    label = contact.name + (f", {contact.role}" if contact.role else "")
    if contact.is_primary:
        label += " — " + str(_("contact principal"))
    if contact.is_absent():
        if contact.absent_until:
            label += " — " + str(_("absent·e jusqu'au %(date)s")) % {
                "date": date_fr(contact.absent_until)
            }
        else:
            label += " — " + str(_("absent·e"))
    return label


class AskPartnerForm(forms.Form):
    subject = forms.ChoiceField(label=_("À propos de"))
    partner = forms.ChoiceField(label=_("Partenaire"))
    contact = forms.ChoiceField(
        label=_("Contact"),
        help_text=_("Le contact principal présent est proposé ; une absence est indiquée."),
    )
    question = forms.CharField(
        label=_("Votre question"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )
    context = forms.CharField(
        label=_("Ce que le partenaire doit savoir"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Le partenaire voit seulement le nom du demandeur, sa profession, ses communes "
            "et sa date d'installation envisagées : ajoutez ici ce qui lui est utile."
        ),
    )
    due_on = forms.DateField(
        label=_("Réponse attendue le"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    public = forms.BooleanField(
        label=_("Visible du demandeur dans « Mon dossier »"),
        required=False,
        help_text=_("Sinon, la demande et ses réponses restent entre vous et le partenaire."),
    )

    def __init__(self, *args, case, steps, partners, **kwargs):
        self.case = case
        self.steps = {str(step.pk): step for step in steps}
        self.partners = {str(partner.pk): partner for partner in partners}
        self.contacts = {
            str(contact.pk): contact for partner in partners for contact in partner.contacts.all()
        }
        super().__init__(*args, **kwargs)
        wished = set(case.needs or [])
        self.fields["subject"].choices = [
            ("", _("— Choisir —")),
            (
                _("Démarches"),
                [
                    (f"{STEP_PREFIX}{step.pk}", step.title + (" ✓" if step.done_at else ""))
                    for step in steps
                ],
            ),
            (
                _("Besoins"),
                [
                    (
                        f"{NEED_PREFIX}{value}",
                        f"{label} — {_('exprimé par le demandeur')}" if value in wished else label,
                    )
                    for value, label in Need.choices
                ],
            ),
        ]
        self.fields["partner"].choices = [("", _("— Choisir —"))] + [
            (str(partner.pk), f"{partner.name} ({partner.get_kind_display()})")
            for partner in partners
        ]
        self.fields["contact"].choices = [("", _("— Choisir —"))] + [
            (
                partner.name,
                [
                    (str(contact.pk), contact_label(contact))
                    for contact in partner.contacts.all()
                    if contact.is_active
                ],
            )
            for partner in partners
        ]
        if not self.is_bound:
            self.initial.setdefault("due_on", partner_requests.default_due_on())

    def preselect(self, subject: str) -> None:
        """Fill the partner and the contact proposed for ``subject`` (« step:<pk> »…)."""
        step, need = self._subject(subject)
        if step is None and not need:
            return
        self.initial["subject"] = subject
        partner, contact = suggest(list(self.partners.values()), step=step, need=need)
        if partner is not None:
            self.initial["partner"] = str(partner.pk)
        if contact is not None:
            self.initial["contact"] = str(contact.pk)

    def _subject(self, value):
        value = value or ""
        if value.startswith(STEP_PREFIX):
            return self.steps.get(value.removeprefix(STEP_PREFIX)), ""
        if value.startswith(NEED_PREFIX):
            need = value.removeprefix(NEED_PREFIX)
            return None, need if need in Need.values else ""
        return None, ""

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("La date de réponse attendue est déjà passée."))
        return due_on

    def clean(self):
        cleaned = super().clean()
        step, need = self._subject(cleaned.get("subject"))
        cleaned["step"], cleaned["need"] = step, need
        partner = self.partners.get(cleaned.get("partner") or "")
        contact = self.contacts.get(cleaned.get("contact") or "")
        cleaned["partner"], cleaned["contact"] = partner, contact
        if partner is not None and contact is not None and contact.partner_id != partner.pk:
            self.add_error(
                "contact",
                _("Ce contact n'appartient pas à ce partenaire : choisissez l'un des siens."),
            )
        return cleaned

    def ask_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "partner": data["partner"],
            "contact": data["contact"],
            "step": data["step"],
            "need": data["need"],
            "question": data["question"],
            "context": data["context"],
            "due_on": data["due_on"],
            "public": data["public"],
        }


class SubjectForm(forms.Form):
    """The GET form above the request form: choosing the subject proposes its partner."""

    objet = forms.ChoiceField(
        label=_("À propos de quelle démarche ou de quel besoin ?"), required=False
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objet"].choices = choices


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Écrivez votre réponse avant de l'envoyer.")},
    )
