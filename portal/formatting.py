"""French text, written the way the French write it: one place for pages, mails and PDFs.

Dates say « 1er septembre 2026 » (lowercase full months, never abbreviations), times
« 18 h 30 », numbers « 176 473 » and amounts « 10 000 € ». Every space these functions put
inside a date, a time or a number is a no-break space (``NBSP``, U+00A0, Django's French
thousands separator), so a line never breaks inside « 18 h 30 ».

Django's ``USE_THOUSAND_SEPARATOR`` stays off: it would also group ids in URLs, years and form
values (« 2 026 »). Counts and amounts go through ``number_fr`` (filter ``|number_fr``).
The template filters live in ``portal.templatetags.fr``, loaded in every template.
"""

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import ngettext

NBSP = "\u00a0"

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæ")
# Words that take « d' » / « l' » before their mute H; every other H is aspirated (« de Ham »).
MUTE_H = frozenset({"hauteville", "hautefort", "honfleur", "hyères", "hérault", "haïti"})


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day_fr(day: int) -> str:
    return "1er" if day == 1 else str(day)


def date_fr(value, with_weekday: bool = False, with_year: bool = True) -> str:
    """« 1er septembre 2026 », « lundi 1er septembre 2026 », « 6 mai »."""
    if value in (None, ""):
        return ""
    value = _local(value)
    text = f"{day_fr(value.day)}{NBSP}{MONTHS[value.month - 1]}"
    if with_weekday:
        text = f"{WEEKDAYS[value.weekday()]} {text}"
    if with_year:
        text = f"{text} {value.year}"
    return text


def time_fr(value) -> str:
    """« 18 h 30 », « 9 h » (the French typographic time)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    if value.minute:
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}{NBSP}h"


def datetime_fr(value, with_weekday: bool = False, with_year: bool = True) -> str:
    """« 22 novembre 2026 à 18 h 30 »."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return f"{date_fr(value, with_weekday, with_year)} à {time_fr(value)}"


def number_fr(value, decimals: int | None = None) -> str:
    """« 176 473 », « 12,5 »: groups of three joined by a no-break space, a decimal comma."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            return value
    if decimals is None:
        decimals = 0 if value == int(value) else 2
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def euros_fr(value, decimals: int | None = None) -> str:
    """« 10 000 € »."""
    if value in (None, ""):
        return ""
    return f"{number_fr(value, decimals)}{NBSP}€"


def _elides(word: str) -> bool:
    word = word.strip()
    if not word:
        return False
    first = word[0].lower()
    if first in VOWELS:
        return True
    return first == "h" and word.split()[0].split("-")[0].lower() in MUTE_H


def de(name) -> str:
    """« d'Alvignac », « de Figeac », « d'Hauteville », « de Ham »."""
    name = str(name)
    return f"d'{name}" if _elides(name) else f"de {name}"


def le(name) -> str:
    """« l'Aveyron », « le Lot » (for a masculine name)."""
    name = str(name)
    return f"l'{name}" if _elides(name) else f"le {name}"


def plural(count, singular: str, plural_form: str) -> str:
    """The noun alone, agreed the French way: 0 and 1 take the singular."""
    try:
        return singular if abs(count) < 2 else plural_form
    except TypeError:
        return plural_form


def count_fr(count, singular: str, plural_form: str) -> str:
    """« 0 personne », « 1 présent », « 176 473 personnes »."""
    return f"{number_fr(count)} {plural(count, singular, plural_form)}"


def list_fr(items: Iterable) -> str:
    """« a, b et c »."""
    items = [str(item) for item in items if str(item)]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def end_sentence(text) -> str:
    """Close a sentence with a full stop unless it already ends with « . ! ? … »."""
    text = str(text).rstrip()
    if not text or text[-1] in ".!?…":
        return text
    return f"{text}."


FEMININE = "mme"
MASCULINE = "m"
_INCLUSIVE = re.compile(r"(\w)·e(s?)\b")


def agree(text, civility: str) -> str:
    """« installé·e » → « installée » for Madame, « installé » for Monsieur; kept as written when
    the person chose not to say (``civility`` empty)."""
    text = str(text)
    if civility == FEMININE:
        return _INCLUSIVE.sub(r"\1e\2", text)
    if civility == MASCULINE:
        return _INCLUSIVE.sub(r"\1\2", text)
    return text


def figure_fr(value):
    """A table cell: numbers grouped (« 176 473 »), any other value as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return number_fr(value)


def parenthesis_fr(text) -> str:
    """« (Aide à l'installation, Assurance Maladie) »: never « (… (…)) »."""
    text = re.sub(r"\s*\(([^()]*)\)", r", \1", str(text)).strip(", ")
    return f"({text})"


def ngettext_fr(singular: str, plural_form: str, count) -> str:
    """``ngettext`` agreed the French way (0 and 1 take the singular), for messages whose
    text is written in French in the code: Django's fallback takes the singular for 1 only."""
    try:
        number = 1 if abs(count) < 2 else count
    except TypeError:
        number = count
    return ngettext(singular, plural_form, number)
