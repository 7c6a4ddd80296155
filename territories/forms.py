"""The commune field used wherever a person types a commune.

Text that matches several communes comes back with a form error and, under the field, one
radio list per ambiguous commune (by population, with the department and the intercommunality);
picking one and sending the form again replaces the typed text with the chosen commune. With
JavaScript, the datalist ``communes-suggestions`` offers « Nom (code postal) » while typing."""

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from territories import communes as resolver
from territories.models import Commune

SUGGESTIONS_LIST = "communes-suggestions"


class CommuneInput(forms.TextInput):
    """A text input followed, after an ambiguous answer, by the candidates to pick from.

    A pick is sent as ``<name>-choix-<n>`` (n: position of the commune in the typed list) and
    read back in place of that part of the text."""

    def __init__(self, attrs=None, *, suggest=True):
        """``suggest``: the page carries the ``communes-suggestions`` datalist."""
        defaults = {"list": SUGGESTIONS_LIST, "autocomplete": "off"} if suggest else {}
        super().__init__({**defaults, **(attrs or {})})
        self.ambiguities = []  # [(position, Match)], set by the field when it refuses the text

    def value_from_datadict(self, data, files, name):
        text = data.get(name)
        if text is None:
            return None
        parts = resolver.split(text)
        picked = False
        for position in range(len(parts)):
            choice = (data.get(f"{name}-choix-{position}") or "").strip()
            if choice:
                parts[position], picked = choice, True
        return ", ".join(parts) if picked else text

    def format_value(self, value):
        if isinstance(value, Commune):
            return resolver.commune_label(value)
        if isinstance(value, list | tuple):
            labels = resolver.labels_for(value)
            return ", ".join(labels[commune.insee_code] for commune in value)
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.ambiguities:
            return html
        base_id = (attrs or {}).get("id") or self.attrs.get("id") or name
        groups = [
            {
                "name": f"{name}-choix-{position}",
                "id": f"{base_id}-choix-{position}",
                "match": match,
            }
            for position, match in self.ambiguities
        ]
        return html + render_to_string("territories/_commune_choices.html", {"groups": groups})


class _CommuneFieldBase(forms.CharField):
    widget = CommuneInput

    def __init__(self, *, within=None, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)
        self.within = within

    def communes_within(self):
        """The communes the field accepts: a queryset, or a callable giving one (evaluated
        at validation, so a form may narrow it per instance)."""
        within = self.within() if callable(self.within) else self.within
        return Commune.objects.covered() if within is None else within

    def _resolve(self, text, limit):
        """Matches of each part; records the ambiguous ones on the widget and raises the
        errors a person can act on."""
        matches = resolver.resolve_many(text, within=self.communes_within(), limit=limit)
        self.widget.ambiguities = [
            (position, match) for position, match in enumerate(matches) if match.ambiguous
        ]
        errors = []
        unknown = [match.text for match in matches if match.unknown]
        if unknown:
            errors.append(
                forms.ValidationError(
                    _("Commune inconnue ou hors du territoire couvert : %(names)s."),
                    code="unknown",
                    params={"names": ", ".join(f"« {name} »" for name in unknown)},
                )
            )
        for _position, match in self.widget.ambiguities:
            if match.more:
                message = _(
                    "Beaucoup de communes correspondent à « %(text)s » : précisez le nom ou le "
                    "code postal, ou choisissez ci-dessous parmi les plus peuplées."
                )
            else:
                message = _(
                    "Plusieurs communes correspondent à « %(text)s » : choisissez la vôtre "
                    "ci-dessous."
                )
            errors.append(
                forms.ValidationError(message, code="ambiguous", params={"text": match.text})
            )
        if errors:
            raise forms.ValidationError(errors)
        return matches


class CommuneField(_CommuneFieldBase):
    """One commune: « Figeac », « 46100 », « Figeac (46100) » or « Figeac (46102) ». Cleans to
    a ``Commune`` (``None`` when empty and not required)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        matches = self._resolve(text, limit=1)
        return matches[0].commune


class CommunesField(_CommuneFieldBase):
    """Communes separated by commas. Cleans to a list of distinct ``Commune`` in typed
    order."""

    def __init__(self, *, limit=20, **kwargs):
        super().__init__(**kwargs)
        self.limit = limit

    def clean(self, value):
        text = super().clean(value)
        communes = []
        for match in self._resolve(text or "", limit=self.limit):
            if match.commune not in communes:
                communes.append(match.commune)
        return communes
