"""Labels of ``TextChoices`` for lists that print one per row."""

from functools import lru_cache

from django.utils.translation import get_language, override


@lru_cache(maxsize=64)
def _labels(choices, language):
    with override(language):
        return {value: str(label) for value, label in choices.choices}


def choice_labels(choices):
    """``{value: label}`` of ``choices`` (a ``TextChoices``) in the current language,
    translated once per process and language. ``get_FOO_display`` hashes, so translates, every
    label of the field at each call: a dozen ``gettext`` per row of a timeline or a list."""
    return _labels(choices, get_language())
