"""Widgets of the public lists' filters."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _escape(text):
    """``conditional_escape`` without its per-call wrapping (the same text: safe strings kept,
    the rest through ``html.escape`` as Django's ``escape``), for a thousand options."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


class ListSelect(forms.Select):
    """Django's ``<select>``, same markup, its options written in Python.

    Django renders one template per option: for the directory's thousand communes that was
    nine tenths of a page on a cache miss (cProfile, 20,000 cases, 2,000 structures). The
    attributes (``id``, ``aria-describedby``) come from the same ``Widget.get_context`` as
    Django's widget, and the options are chosen as ``ChoiceWidget.optgroups`` does (the first
    matching value is ``selected``), without the dictionary Django builds for each option
    (a fifth of the directory's time on a cache miss at 10,000 structures); only the writing
    of the HTML changes."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        values, multiple = widget["value"], self.allow_multiple_selected
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                group_name, options = option_value, option_label
            else:
                group_name, options = None, [(option_value, option_label)]
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for subvalue, sublabel in options:
                text = str(subvalue)
                selected = (not has_selected or multiple) and text in values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{_escape(text)}"'
                    f"{' selected' if selected else ''}>{_escape(sublabel)}</option>"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped above)
