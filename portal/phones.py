"""Every phone number of the portal: parsed once (French numbers by default), stored in
E.164 (``+33612345678``), shown the way its country writes it (``06 12 34 56 78`` in
France), and offered as a ``tel:`` link that a phone can dial."""

import phonenumbers
from django import forms
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

REGION = "FR"
INVALID_MESSAGE = _("Numéro de téléphone invalide : indiquez par exemple 06 12 34 56 78.")
# The widest form a person may type: « +33 (0)6 12 34 56 78 », an extension…
TYPED_MAX_LENGTH = 30


def parse(text: str) -> phonenumbers.PhoneNumber | None:
    """The number ``text`` names, or ``None`` when it names no valid number."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalise(text: str) -> str:
    """The E.164 form of ``text``; text that names no valid number is kept as typed
    (stored values written before the portal checked them)."""
    number = parse(text)
    if number is None:
        return (text or "").strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(text: str) -> str:
    """« 06 12 34 56 78 » for a French number, the international form otherwise."""
    number = parse(text)
    if number is None:
        return (text or "").strip()
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def link(text: str) -> str:
    """A ``tel:`` link showing the displayed form; unreadable text is shown, not linked."""
    number = parse(text)
    if number is None:
        return format_html("{}", (text or "").strip())
    return format_html('<a href="tel:{}">{}</a>', normalise(text), display(text))


class PhoneField(forms.CharField):
    """A phone number typed any usual way, cleaned to E.164."""

    default_error_messages = {"invalid": INVALID_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TYPED_MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return ""
        if parse(text) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return normalise(text)

    def prepare_value(self, value):
        # A stored number is shown back the way the person would type it.
        return display(value) if isinstance(value, str) and value.startswith("+") else value


class PhoneNumberField(models.CharField):
    """A model's phone number: its forms (the admin's too) ask for a ``PhoneField``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", TYPED_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneField, **kwargs})


def normalise_stored(*fields: tuple[str, str, str]):
    """A data migration's forward step: the stored numbers of each ``(app_label, model,
    field)`` in E.164; text that names no valid number stays as typed."""

    def forward(apps, schema_editor):
        for app_label, model_name, field in fields:
            model = apps.get_model(app_label, model_name)
            changed = []
            for row in model.objects.exclude(**{field: ""}).only("pk", field).iterator():
                stored = getattr(row, field)
                cleaned = normalise(stored)
                if cleaned != stored:
                    setattr(row, field, cleaned)
                    changed.append(row)
            model.objects.bulk_update(changed, [field], batch_size=500)

    return forward
