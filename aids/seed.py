"""Load the aid schemes of the catalogue (``aids.catalogue.SCHEMES``, contract (C) of issue
13) into the database.

``seed_schemes()`` upserts one ``Scheme`` per catalogue entry, matched on its stable ``code``
(a row seeded before codes existed is found through ``LEGACY_CODES`` and takes the new code;
its address, ``slug``, stays). It is idempotent; it leaves alone ``published`` and ``desk``
on schemes that already exist, and every scheme of the database that is not in the catalogue
(the local aids a desk created itself). A scheme whose department or intercommunality is not
loaded is skipped.
"""

from datetime import date
from decimal import Decimal

from aids.models import Scheme
from structures.models import Profession
from territories.models import Department, Epci

# Codes (= slugs) of the schemes seeded before issue 13 → the catalogue's code for the same
# scheme, so that the old, wrong entry is corrected instead of staying beside the new one.
LEGACY_CODES = {
    "exoneration-zrr": "zrr",
    "aide-installation-assurance-maladie": "am-installation-medecins",
    "indemnite-transport-internes": "etudiants-transport",
    "indemnite-hebergement-internes": "etudiants-hebergement",
    "bourses-etudes-intercommunales": "cauvaldor-parcours-maides",
}

# Fields staff maintain once a scheme exists: a new seed never overwrites them.
STAFF_KEPT = {"published", "desk"}


def catalogue_schemes():
    from aids.catalogue import SCHEMES

    return SCHEMES


def _json_number(value):
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else str(value)


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


def _fields(entry) -> dict:
    """The model fields of one catalogue entry (professions and replaced_by apart)."""
    territory = entry.get("territory") or {"level": "national", "code": None}
    level, code = territory.get("level", "national"), territory.get("code")
    amounts = [
        {
            "zone": item.get("zone") or "",
            "value": _json_number(item.get("value")),
            "text": item["text"],
            **({"cycle": item["cycle"]} if item.get("cycle") else {}),
        }
        for item in entry.get("amounts") or []
    ]
    values = [Decimal(str(item["value"])) for item in amounts if item["value"] is not None]
    sources = [
        {"title": item["title"], "url": item.get("url") or "", "date": _iso(item.get("date"))}
        for item in entry.get("sources") or []
    ]
    zoning = entry.get("zoning") or {}
    rule = entry.get("ten_year_rule") or {}
    amount_text = ", ".join(
        f"{item['text']} en {item['zone']}" if item["zone"] else item["text"] for item in amounts
    )
    return {
        "name": entry["name"],
        "short_name": entry.get("short_name") or "",
        "funder": entry["funder"],
        "kind": entry["kind"],
        "category": entry.get("category") or rule.get("category") or "",
        "summary": entry.get("summary") or "",
        "territory_level": level,
        "region_code": code if level == "region" else "",
        "department_id": code if level == "department" else None,
        "epci_id": code if level == "epci" else None,
        "valid_from": entry.get("valid_from"),
        "valid_until": entry.get("valid_until"),
        "practice_modes": list(entry.get("practice_modes") or []),
        "career_stages": list(entry.get("career_stages") or []),
        "first_installation": entry.get("first_installation") or None,
        "sectors": list(entry.get("sectors") or []),
        "disciplines": list(entry.get("disciplines") or []),
        "cycles": list(entry.get("cycles") or []),
        "internship_far": entry.get("internship_far") or None,
        "zoning_kind": zoning.get("kind") or "",
        "zoning_values": list(zoning.get("values") or []),
        "amounts": amounts,
        "amount_text": amount_text[:250],
        "amount_max": max(values) if values else None,
        "commitments": entry.get("commitments") or "",
        "how_to_apply": entry.get("how_to_apply") or "",
        "duration": (entry.get("duration") or "")[:200],
        "sources": sources,
        "source": (sources[0]["title"] if sources else "")[:250],
        "source_url": sources[0]["url"] if sources else "",
        "to_confirm": [
            {"what": item["what"], "reason": item["reason"]}
            for item in entry.get("to_confirm") or []
        ],
        "ten_year_counted_from": rule.get("counted_from") or "",
        "no_other_aid_years": 10 if rule else None,
        "max_years_installed": None,
        "other_conditions": "",
    }


def _find(code):
    scheme = Scheme.objects.filter(code=code).first()
    if scheme is not None:
        return scheme
    legacy = [old for old, new in LEGACY_CODES.items() if new == code]
    return Scheme.objects.filter(code__in=legacy).first() if legacy else None


def seed_schemes(schemes=None, *, desk=None, publish=True):
    """Create or update the catalogue's schemes (``schemes``: a list of catalogue entries,
    ``aids.catalogue.SCHEMES`` by default). Returns ``(created, updated, skipped)``."""
    schemes = catalogue_schemes() if schemes is None else schemes
    professions = {p.code: p for p in Profession.objects.all()}
    departments = set(Department.objects.values_list("code", flat=True))
    epcis = set(Epci.objects.values_list("pk", flat=True))
    created = updated = skipped = 0
    successors = {}
    for entry in schemes:
        data = _fields(entry)
        if (data["department_id"] and data["department_id"] not in departments) or (
            data["epci_id"] and data["epci_id"] not in epcis
        ):
            skipped += 1
            continue
        code = entry["code"]
        scheme = _find(code)
        if scheme is None:
            taken = Scheme.objects.filter(slug=code).exists()
            scheme = Scheme(code=code, slug=code if not taken else f"{code}-2")
            scheme.published, scheme.desk = publish, desk
            created += 1
        else:
            updated += 1
        scheme.code = code
        for name, value in data.items():
            if name not in STAFF_KEPT:
                setattr(scheme, name, value)
        verified = entry.get("verified_on")
        if verified and (scheme.last_verified is None or scheme.last_verified < verified):
            scheme.last_verified = verified
        scheme.replaced_by = None
        scheme.full_clean(exclude=["replaced_by"])
        scheme.save()
        scheme.professions.set(
            [professions[code] for code in entry.get("professions") or [] if code in professions]
        )
        successors[scheme.pk] = entry.get("replaced_by")
    # Second pass: a scheme may be replaced by one listed after it.
    by_code = dict(
        Scheme.objects.filter(code__in=set(filter(None, successors.values()))).values_list(
            "code", "pk"
        )
    )
    for pk, successor in successors.items():
        Scheme.objects.filter(pk=pk).update(replaced_by_id=by_code.get(successor))
    return created, updated, skipped
