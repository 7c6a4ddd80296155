"""What every form of the portal shares."""

from django import forms


def drop_empty_radio_choices(form: forms.BaseForm) -> None:
    """A radio group never offers « --------- »: an optional group is simply left
    unticked, and a required one starts with nothing ticked."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect) and isinstance(field, forms.ChoiceField):
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = None
            else:
                field.choices = [choice for choice in field.choices if choice[0] not in ("", None)]
