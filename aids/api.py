"""The simulator's JSON twin: ``GET /api/v1/eligibilite/`` reads a profile from the query
string, asks the same engine as the HTML simulator (``aids.eligibility.assess``) and answers
each scheme's verdict, amount and reasons, with the commune's zonings and their sources.
Its OpenAPI description is ``aids.openapi``, served within the whole API's document by
``opendata`` (``/api/v1/openapi.json``, page ``/api/``).

Parameters are read here, one way, with one French message per wrong parameter: a wrong or
missing parameter answers 400 ``{"erreurs": {"<paramètre>": ["…"]}}``, never 500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from aids.eligibility import MET, UNMET, Profile, assess
from aids.enums import AidCategory, CareerStage, Discipline, Sector
from portal.pagecache import cache_anonymous_page
from structures.models import Profession
from territories.models import Commune

EXAMPLE_QUERY = "profession=medecin-generaliste&commune=46102&stage=non_installe&mode=liberal"
MAX_AGE = 300  # seconds: answers change when the catalogue or a zoning does

# The API's words for a practice mode, and the engine's.
MODES = {"liberal": "liberal", "salarie": "salaried", "mixte": "mixed"}
CYCLES = {"2": 2, "3": 3}
BOOLEANS = {"true": True, "false": False}
NO_PREVIOUS_AID = "aucune"
REQUIRED = ("profession", "commune", "stage", "mode")
OPTIONAL_SINGLE = (
    "secteur",
    "premiere_installation",
    "date",
    "cycle",
    "discipline",
    "stage_eloigne",
)
SINGLE = (*REQUIRED, *OPTIONAL_SINGLE)  # aide_precedente alone repeats
# The planned installation date must be one the zonings and schemes can speak of.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
INSEE_CODE = re.compile(r"(\d{5}|2[AB]\d{3})", re.ASCII)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class BadParameter(ValueError):
    """One parameter's French message."""


class BadParameters(Exception):
    """Every refused parameter's messages: ``{name: [message]}``."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def _accepted(values) -> str:
    return ", ".join(f"« {value} »" for value in values)


def _choice(value: str, choices) -> str:
    if value not in choices:
        raise BadParameter(_("Valeurs acceptées : %(values)s.") % {"values": _accepted(choices)})
    return value


def _boolean(value: str) -> bool:
    if value not in BOOLEANS:
        raise BadParameter(_("Répondez « true » ou « false »."))
    return BOOLEANS[value]


def _date(value: str) -> date:
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise BadParameter(
            _("Date attendue sous la forme AAAA-MM-JJ (par exemple 2026-09-01).")
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise BadParameter(
            _("La date doit être comprise entre le %(first)s et le %(last)s.")
            % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}
        )
    return day


def _profession(code: str) -> Profession:
    profession = Profession.objects.filter(code=code).first()
    if profession is None:
        raise BadParameter(
            _("Profession inconnue : donnez un code de profession (par exemple « infirmier »).")
        )
    return profession


def _commune(code: str) -> Commune:
    commune = None
    if INSEE_CODE.fullmatch(code):
        commune = Commune.objects.select_related("department").filter(insee_code=code).first()
    if commune is None:
        raise BadParameter(
            _(
                "Commune inconnue ou hors du territoire couvert par le portail : "
                "donnez son code INSEE (cinq caractères, par exemple 46102)."
            )
        )
    return commune


def _previous_aids(values: list[str], on: date | None) -> tuple[tuple[str, date], ...]:
    if values == [NO_PREVIOUS_AID]:
        return ()
    aids = []
    for value in values:
        category, _sep, day = value.partition(":")
        if value == NO_PREVIOUS_AID:
            raise BadParameter(_("« aucune » ne se combine pas avec une aide déjà reçue."))
        if category not in AidCategory.values or not day:
            raise BadParameter(
                _(
                    "Écrivez « catégorie:AAAA-MM-JJ » (par exemple assurance_maladie:2023-05-12) "
                    "ou « aucune » ; catégories : %(values)s."
                )
                % {"values": _accepted(AidCategory.values)}
            )
        granted = _date(day)
        if on is not None and granted > on:
            raise BadParameter(
                _("Une aide déjà reçue ne peut pas être datée après la date de l'installation.")
            )
        aids.append((category, granted))
    return tuple(aids)


@dataclass(frozen=True)
class Query:
    profile: Profile
    on: date


def read_query(params) -> Query:
    """The profile the query string describes, or ``BadParameters`` with every error."""
    errors: dict[str, list[str]] = {}
    values: dict[str, object] = {}

    def read(name, parse, *args):
        raw = params.getlist(name)
        if not raw:
            if name in REQUIRED:
                errors[name] = [_("Paramètre obligatoire.")]
            return
        if name in SINGLE and len(raw) > 1:
            errors[name] = [_("Donnez ce paramètre une seule fois.")]
            return
        try:
            values[name] = parse(raw if name == "aide_precedente" else raw[0], *args)
        except BadParameter as error:
            errors[name] = [str(error)]

    read("profession", _profession)
    read("commune", _commune)
    read("stage", _choice, CareerStage.values)
    read("mode", _choice, list(MODES))
    read("secteur", _choice, Sector.values)
    read("premiere_installation", _boolean)
    read("date", _date)
    read("cycle", _choice, list(CYCLES))
    read("discipline", _choice, Discipline.values)
    read("stage_eloigne", _boolean)
    on = values.get("date") or timezone.localdate()
    read("aide_precedente", _previous_aids, on if "date" not in errors else None)
    if errors:
        raise BadParameters(errors)
    cycle = values.get("cycle")
    profile = Profile(
        profession=values["profession"],
        career_stage=values["stage"],
        practice_mode=MODES[values["mode"]],
        commune=values["commune"],
        sector=values.get("secteur"),
        first_installation=values.get("premiere_installation"),
        on=on,
        cycle=CYCLES[cycle] if cycle else None,
        discipline=values.get("discipline"),
        internship_far=values.get("stage_eloigne"),
        previous_aids=values.get("aide_precedente"),
    )
    return Query(profile=profile, on=on)


# --- The answer --------------------------------------------------------------------------------
FULFILLED = {MET: True, UNMET: False}


def _iso(value) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _sources(scheme) -> list[dict]:
    return [
        {"titre": source.title, "url": source.url or None, "date": _iso(source.date)}
        for source in scheme.source_list
    ]


def _to_confirm(scheme) -> list[dict]:
    return [
        {"quoi": item.get("what", ""), "raison": item.get("reason", "")}
        for item in scheme.to_confirm or []
    ]


def _amount(result):
    amount = result.amount
    if amount is None:
        return None
    return {"valeur": _number(amount.value), "texte": str(amount.text)}


def _scheme(result) -> dict:
    scheme = result.scheme
    sources = _sources(scheme)
    return {
        "code": scheme.code,
        "nom": scheme.name,
        "verdict": str(result.verdict),
        "montant": _amount(result),
        "raisons": [
            {
                "critere": reason.criterion,
                "rempli": FULFILLED.get(reason.status),
                "texte": str(reason.text),
            }
            for reason in result.reasons
        ],
        # The main source: the first the desk could date.
        "source": next((s for s in sources if s["date"]), sources[0] if sources else None),
        "sources": sources,
        "verifie_le": _iso(scheme.verified_on),
        "a_confirmer": _to_confirm(scheme),
        # ``assess`` loads the successor with the scheme (select_related).
        "remplace_par": scheme.replaced_by.code if scheme.replaced_by_id else None,
    }


def _zoning(zone) -> dict:
    layer = zone.layer
    return {
        "type": zone.kind,
        "valeur": zone.value,
        "libelle": str(zone.label),
        "couche": str(layer.name),
        "source": str(layer.source),
        "date": _iso(layer.decided_on),
        "demonstration": bool(layer.is_demo),
    }


def answer(query: Query) -> dict:
    profile = query.profile
    commune = profile.commune
    assessment = assess(profile)
    return {
        "date": query.on.isoformat(),
        "commune": {
            "code_insee": commune.insee_code,
            "nom": commune.name,
            "codes_postaux": [
                code.strip() for code in commune.postal_codes.split(";") if code.strip()
            ],
            "departement": {"code": commune.department.code, "nom": commune.department.name},
        },
        "zonages": [_zoning(zone) for zone in assessment.zonings],
        "dispositifs": [_scheme(result) for result in assessment.results],
    }


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


# --- Views -------------------------------------------------------------------------------------
@require_safe
@cache_control(public=True, max_age=MAX_AGE)
@cache_anonymous_page("aids", "structures", "territories")
def eligibility(request):
    try:
        query = read_query(request.GET)
    except BadParameters as error:
        return _json({"erreurs": error.errors}, status=400)
    return _json(answer(query))
