"""Template filters of ``portal.formatting``; a builtin (settings.TEMPLATES), so every
template, mail and PDF has them without ``{% load %}``.

    {{ event.starts_at|datetime_fr }}        22 novembre 2026 à 18 h 30
    {{ case.created_at|date_fr }}            1er septembre 2026
    {{ event.starts_at|date_fr:"weekday" }}  lundi 1er septembre 2026
    {{ day|date_fr:"noyear" }}               1er septembre
    {{ total|number_fr }}                    176 473
    {{ amount|euros_fr }}                    10 000 €
    {{ n|pluralize_fr:"présent,présents" }}  présent / présents (0 and 1 singular)
    {{ n|count_fr:"personne,personnes" }}    0 personne, 2 personnes
    autour {{ commune.name|de }}             autour d'Alvignac
    {{ names|list_fr }}                      a, b et c
"""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from portal import formatting

register = template.Library()


# Like Django's own filters, these fail silently: a value of the wrong kind renders as "".
NUMBERS = (int, float, Decimal, str)


def _is_date(value):
    return hasattr(value, "day") and hasattr(value, "month")


def _options(arg):
    options = {part.strip() for part in (arg or "").split(",")}
    return {"with_weekday": "weekday" in options, "with_year": "noyear" not in options}


@register.filter
def date_fr(value, arg=""):
    return formatting.date_fr(value, **_options(arg)) if _is_date(value) else ""


@register.filter
def datetime_fr(value, arg=""):
    return formatting.datetime_fr(value, **_options(arg)) if _is_date(value) else ""


@register.filter
def time_fr(value):
    return formatting.time_fr(value) if hasattr(value, "hour") else ""


@register.filter
def number_fr(value, decimals=None):
    if not isinstance(value, NUMBERS):
        return ""
    return formatting.number_fr(value, None if decimals in (None, "") else int(decimals))


@register.filter
def euros_fr(value, decimals=None):
    if not isinstance(value, NUMBERS):
        return ""
    return formatting.euros_fr(value, None if decimals in (None, "") else int(decimals))


def _forms(arg):
    """« présent,présents », or « dossier attribué, sans contact|dossiers attribués, … »
    when the forms hold a comma."""
    singular, _, plural_form = arg.partition("|" if "|" in arg else ",")
    return singular, plural_form or singular + "s"


@register.filter
def pluralize_fr(count, arg="s"):
    """``{{ n|pluralize_fr }}`` → "" or "s"; ``{{ n|pluralize_fr:"cheval,chevaux" }}``."""
    if "," not in arg and "|" not in arg:
        return formatting.plural(count, "", arg)
    return formatting.plural(count, *_forms(arg))


@register.filter
def count_fr(count, arg):
    if not isinstance(count, NUMBERS):
        return ""
    return formatting.count_fr(count, *_forms(arg))


def _elided(function, value, autoescape):
    """The apostrophe is ours, the name is escaped: « d'Alvignac » in HTML too."""
    text = function(value)
    if not autoescape:
        return text
    prefix = text[: len(text) - len(str(value))]
    return format_html(prefix + "{}", value)  # prefix: « d' », « de », « l' » or « le »


@register.filter(name="de", needs_autoescape=True)
def de(value, autoescape=True):
    return _elided(formatting.de, value, autoescape)


@register.filter(name="le", needs_autoescape=True)
def le(value, autoescape=True):
    return _elided(formatting.le, value, autoescape)


@register.filter
def list_fr(value):
    return formatting.list_fr(value)


@register.filter
def end_sentence(value):
    return formatting.end_sentence(value)


@register.filter
def agree(value, civility):
    """``{{ status_text.title|agree:case.civility }}``: « installé·e » → « installée »."""
    return formatting.agree(value, civility or "")


@register.filter
def figure_fr(value):
    return formatting.figure_fr(value)


@register.filter
def parenthesis_fr(value):
    """``{{ scheme.short_name|parenthesis_fr }}`` → « (Aide, Assurance Maladie) »."""
    return formatting.parenthesis_fr(value)
