"""The open-data API's query string, read one way (the simulator's: ``aids.api``): one French
message per wrong parameter, gathered in ``BadParameters`` so that the view answers 400
``{"erreurs": {"<paramètre>": ["…"]}}``, never 500. An unknown parameter is refused too: a
typo (« comune ») must not silently widen the answer.

Keyset pagination: ``apres`` is an opaque cursor, the last row's sort key and pk signed with
the secret key (``django.core.signing``), so a forged or garbled cursor reads as a 400."""

from __future__ import annotations

import math
import re
from datetime import datetime

from django.core import signing
from django.utils.translation import gettext as _

from aids.api import BadParameter, BadParameters, _choice, _commune, _profession
from territories.models import Department, Epci

DEFAULT_LIMIT, MAX_LIMIT = 50, 100
MAX_RADIUS_KM = 100
# "." is not a base64url letter: the signed cursor needs no escaping in a query string.
CURSOR_SIGNER = signing.Signer(salt="opendata.cursor", sep=".")
SIREN = re.compile(r"\d{9}", re.ASCII)
DEPARTMENT_CODE = re.compile(r"(\d{2,3}|2[AB])", re.ASCII)
LIMIT = re.compile(r"\d{1,3}", re.ASCII)
# A JSON number, as the document's clients write one (« 25 », « 12.5 », « 1e-05 »).
RADIUS = re.compile(r"\d{1,20}(\.\d{1,20})?([eE][-+]?\d{1,3})?", re.ASCII)

__all__ = ["BadParameter", "BadParameters", "Cursor", "read_query", "sign_cursor"]


def _epci(value: str) -> Epci:
    epci = Epci.objects.filter(siren=value).first() if SIREN.fullmatch(value) else None
    if epci is None:
        raise BadParameter(
            _(
                "Intercommunalité inconnue : donnez son numéro SIREN (neuf chiffres, par "
                "exemple 200067361)."
            )
        )
    return epci


def _department(value: str) -> Department:
    department = None
    if DEPARTMENT_CODE.fullmatch(value):
        department = Department.objects.filter(code=value).first()
    if department is None:
        raise BadParameter(_("Département inconnu : donnez son code (par exemple 46)."))
    return department


def _radius(value: str) -> float:
    radius = float(value) if RADIUS.fullmatch(value) else math.nan
    if not 0 < radius <= MAX_RADIUS_KM:
        raise BadParameter(
            _(
                "Donnez une distance en kilomètres, plus de 0 et au plus %(max)s (par "
                "exemple 25 ou 12.5)."
            )
            % {"max": MAX_RADIUS_KM}
        )
    return radius


def _limit(value: str) -> int:
    limit = int(value) if LIMIT.fullmatch(value) else 0
    if not 1 <= limit <= MAX_LIMIT:
        raise BadParameter(
            _("Donnez un nombre entier de 1 à %(max)s (%(default)s par défaut).")
            % {"max": MAX_LIMIT, "default": DEFAULT_LIMIT}
        )
    return limit


class Cursor:
    """Where the previous page stopped: its last row's sort key and pk."""

    def __init__(self, key, pk: int):
        self.key, self.pk = key, pk


def sign_cursor(resource, key, pk: int) -> str:
    if isinstance(key, datetime):
        key = key.isoformat()
    return CURSOR_SIGNER.sign_object([resource.name, key, pk])


def _cursor(value: str, resource) -> Cursor:
    unreadable = BadParameter(
        _(
            "Curseur illisible : reprenez tel quel le lien « suivant » de la page précédente, "
            "ou commencez sans « apres »."
        )
    )
    try:
        name, key, pk = CURSOR_SIGNER.unsign_object(value)
    except (signing.BadSignature, ValueError, TypeError):
        raise unreadable from None
    if name != resource.name or not isinstance(key, str) or type(pk) is not int:
        raise unreadable
    if resource.key_is_datetime:
        try:
            key = datetime.fromisoformat(key)
        except ValueError:
            raise unreadable from None
    return Cursor(key, pk)


def _kind(value: str, resource) -> str:
    return _choice(value, resource.kinds)


PARSERS = {
    "profession": lambda value, resource: _profession(value),
    "commune": lambda value, resource: _commune(value),
    "epci": lambda value, resource: _epci(value),
    "departement": lambda value, resource: _department(value),
    "rayon_km": lambda value, resource: _radius(value),
    "type": _kind,
    "limite": lambda value, resource: _limit(value),
    "apres": _cursor,
}


def read_query(params, resource) -> dict:
    """The parameters ``resource`` accepts, parsed, or ``BadParameters`` with every error."""
    accepted = resource.parameters
    errors: dict[str, list[str]] = {}
    for name in params:
        if name not in accepted:
            errors[name] = [
                _("Paramètre inconnu ; paramètres acceptés : %(values)s.")
                % {"values": ", ".join(f"« {name} »" for name in accepted)}
            ]
    values: dict[str, object] = {}
    for name in accepted:
        raw = params.getlist(name)
        if not raw:
            continue
        if len(raw) > 1:
            errors[name] = [_("Donnez ce paramètre une seule fois.")]
            continue
        try:
            values[name] = PARSERS[name](raw[0], resource)
        except BadParameter as error:
            errors[name] = [str(error)]
    if "rayon_km" in values and "commune" not in params:
        errors["rayon_km"] = [_("Donnez aussi la commune (« commune ») d'où compter la distance.")]
    if errors:
        raise BadParameters(errors)
    values.setdefault("limite", DEFAULT_LIMIT)
    return values
