"""What each list of the open-data API serves: the published rows (through the models' scope
methods), the filters that make sense for them, the keyset order and each row as JSON.

No personal data: no professional's name (structures show how many of each profession work
there), no guest nor organiser of an event, and an offer's contact only when its offerer made
it public (``contact_public``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from aids.api import _sources, _to_confirm
from aids.enums import SchemeKind
from aids.models import Scheme
from events.enums import EventKind, EventStatus
from events.models import Event
from structures.geo import bounding_box, distance_km_expression
from structures.models import (
    Membership,
    OpportunityKind,
    ProfessionalStatus,
    Structure,
    StructureKind,
    Vacancy,
    VacancyPhoto,
)

PAGING = ("limite", "apres")
PLACE_FILTERS = ("commune", "rayon_km", "epci", "departement", "type")


@dataclass(frozen=True)
class Resource:
    name: str  # the last segment of the path, and the cursor's tag
    filters: tuple[str, ...]
    kinds: tuple[str, ...]  # the values of ``type``
    order_field: str  # with ``pk``, the keyset; an index backs it
    descending: bool
    key_is_datetime: bool
    queryset: Callable[[], QuerySet]
    apply: Callable[[QuerySet, dict], QuerySet]
    rows: Callable[[list, object], list[dict]]

    @property
    def parameters(self) -> tuple[str, ...]:
        return (*self.filters, *PAGING)

    @property
    def path(self) -> str:
        return f"/api/v1/{self.name}/"


# --- Shared pieces --------------------------------------------------------------------------
def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)


def number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def commune(commune) -> dict:
    epci = commune.epci
    return {
        "code_insee": commune.insee_code,
        "nom": commune.name,
        "departement": {"code": commune.department.code, "nom": commune.department.name},
        "epci": {"siren": epci.siren, "nom": epci.name} if epci else None,
    }


COMMUNE_RELATED = ("commune__department", "commune__epci")


def in_area(queryset, values, *, commune_field="commune", point_prefix="commune__"):
    """The commune, EPCI, department and distance filters: around ``commune`` when
    ``rayon_km`` is given (great circle, bounding box first on the indexed coordinates),
    else in it."""
    centre = values.get("commune")
    if centre is not None and "rayon_km" in values:
        km = values["rayon_km"]
        box = bounding_box(centre.latitude, centre.longitude, km)
        queryset = (
            queryset.filter(**{f"{point_prefix}{lookup}": bound for lookup, bound in box.items()})
            .annotate(
                distance_km=distance_km_expression(
                    centre.latitude,
                    centre.longitude,
                    lat_field=f"{point_prefix}latitude",
                    lon_field=f"{point_prefix}longitude",
                )
            )
            .filter(distance_km__lte=km)
        )
    elif centre is not None:
        queryset = queryset.filter(**{commune_field: centre})
    if "epci" in values:
        queryset = queryset.filter(**{f"{commune_field}__epci": values["epci"]})
    if "departement" in values:
        queryset = queryset.filter(**{f"{commune_field}__department": values["departement"]})
    return queryset


def distance(row, into: dict) -> dict:
    if hasattr(row, "distance_km"):
        into["distance_km"] = round(row.distance_km, 1)
    return into


def absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


# --- Structures -----------------------------------------------------------------------------
def _structures():
    return Structure.objects.published().select_related(*COMMUNE_RELATED)


def _filter_structures(queryset, values):
    queryset = in_area(queryset, values, point_prefix="")
    if "type" in values:
        queryset = queryset.filter(kind=values["type"])
    if "profession" in values:
        queryset = queryset.with_profession(values["profession"])
    return queryset


def _profession_counts(structures) -> dict[int, list[dict]]:
    """How many active professionals of each profession work in each structure (one query)."""
    counts = defaultdict(list)
    rows = (
        Membership.objects.filter(
            structure__in=[structure.pk for structure in structures],
            professional__status=ProfessionalStatus.ACTIVE,
        )
        .values(
            "structure_id",
            "professional__profession__code",
            "professional__profession__label",
        )
        .annotate(count=Count("professional", distinct=True))
        .order_by("structure_id", "professional__profession__label")
    )
    for row in rows:
        counts[row["structure_id"]].append(
            {
                "code": row["professional__profession__code"],
                "libelle": row["professional__profession__label"],
                "nombre": row["count"],
            }
        )
    return counts


def _structure_rows(structures, request) -> list[dict]:
    counts = _profession_counts(structures) if structures else {}
    return [
        distance(
            structure,
            {
                "id": structure.pk,
                "nom": structure.name,
                "type": structure.kind,
                "type_libelle": str(structure.get_kind_display()),
                "adresse": structure.address,
                "commune": commune(structure.commune),
                "latitude": structure.latitude,
                "longitude": structure.longitude,
                "position_approximative": structure.location_is_approximate,
                "site_web": structure.website or None,
                "services": [str(service) for service in structure.services or []],
                "professions": counts.get(structure.pk, []),
                "url": absolute(request, structure.get_absolute_url()),
            },
        )
        for structure in structures
    ]


STRUCTURES = Resource(
    name="structures",
    filters=("profession", *PLACE_FILTERS),
    kinds=tuple(StructureKind.values),
    order_field="search_name",
    descending=False,
    key_is_datetime=False,
    queryset=_structures,
    apply=_filter_structures,
    rows=_structure_rows,
)


# --- Offers ---------------------------------------------------------------------------------
def _offers():
    return (
        Vacancy.objects.published()
        .select_related("structure", "profession", *COMMUNE_RELATED)
        .prefetch_related(Prefetch("photos", queryset=VacancyPhoto.objects.order_by("position")))
    )


def _filter_offers(queryset, values):
    queryset = in_area(queryset, values)
    if "type" in values:
        queryset = queryset.filter(kind=values["type"])
    if "profession" in values:
        queryset = queryset.for_profession(values["profession"])
    return queryset


def _contact(offer) -> dict | None:
    """Only what the offerer chose to make public; nothing at all otherwise."""
    if not offer.contact_public:
        return None
    return {
        "nom": offer.contact_name or None,
        "email": offer.contact_email or None,
        "telephone": str(offer.contact_phone) if offer.contact_phone else None,
    }


def _offer_rows(offers, request) -> list[dict]:
    return [
        distance(
            offer,
            {
                "id": offer.pk,
                "type": offer.kind,
                "type_libelle": str(offer.get_kind_display()),
                "titre": offer.title,
                "propose_par": str(offer.offered_by),
                "type_offreur": offer.offerer_kind,
                "structure": (
                    {"id": offer.structure.pk, "nom": offer.structure.name}
                    if offer.structure_id
                    else None
                ),
                "profession": (
                    {"code": offer.profession.code, "libelle": offer.profession.label}
                    if offer.profession_id
                    else None
                ),
                "commune": commune(offer.commune),
                "mode_exercice": offer.practice_mode or None,
                "temps_travail": offer.working_time or None,
                "cabinet_disponible": offer.office_available,
                "date_debut": iso(offer.start_date),
                "date_fin": iso(offer.end_date),
                "remplacement_regulier": offer.replacement_regular,
                "loyer_mensuel": number(offer.rent_monthly),
                "prix": number(offer.price),
                "equipement": offer.equipment,
                "secretariat": offer.secretariat,
                "logiciel": offer.software,
                "description": offer.description,
                "publie_le": iso(offer.published_on),
                "confirme_le": iso(offer.confirmed_on),
                "a_confirmer": offer.needs_confirmation,
                "photos": [
                    {"url": absolute(request, photo.image.url), "legende": photo.caption}
                    for photo in offer.photos.all()
                ],
                "contact": _contact(offer),
                "url": absolute(request, offer.get_absolute_url()),
            },
        )
        for offer in offers
    ]


OFFERS = Resource(
    name="offres",
    filters=("profession", *PLACE_FILTERS),
    kinds=tuple(OpportunityKind.values),
    order_field="created_at",
    descending=True,
    key_is_datetime=True,
    queryset=_offers,
    apply=_filter_offers,
    rows=_offer_rows,
)


# --- Events ---------------------------------------------------------------------------------
def _events():
    return Event.objects.public().upcoming().select_related("desk", *COMMUNE_RELATED)


def _filter_events(queryset, values):
    queryset = in_area(queryset, values)
    if "type" in values:
        queryset = queryset.filter(kind=values["type"])
    return queryset


def _event_rows(events, request) -> list[dict]:
    return [
        distance(
            event,
            {
                "id": event.pk,
                "titre": event.title,
                "type": event.kind,
                "type_libelle": str(event.get_kind_display()),
                "debut": iso(event.starts_at),
                "fin": iso(event.ends_at),
                "annule": event.status == EventStatus.CANCELLED,
                "lieu": event.venue_name,
                "adresse": event.address,
                "commune": commune(event.commune),
                "public_vise": event.audience,
                "description": event.description,
                "places": event.capacity,
                "date_limite_reponse": iso(event.registration_deadline),
                "organisateur": event.desk.name,
                "url": absolute(request, event.get_absolute_url()),
            },
        )
        for event in events
    ]


EVENTS = Resource(
    name="evenements",
    filters=PLACE_FILTERS,
    kinds=tuple(EventKind.values),
    order_field="starts_at",
    descending=False,
    key_is_datetime=True,
    queryset=_events,
    apply=_filter_events,
    rows=_event_rows,
)


# --- Aid schemes ----------------------------------------------------------------------------
def _schemes():
    return (
        Scheme.objects.published()
        .select_related("department", "epci", "replaced_by")
        .prefetch_related("professions")
    )


def _filter_schemes(queryset, values):
    if "commune" in values:
        queryset = queryset.covering(values["commune"])
    if "departement" in values:
        queryset = queryset.in_department(values["departement"])
    if "type" in values:
        queryset = queryset.filter(kind=values["type"])
    if "profession" in values:
        # Open to every profession, to this one or to its parent (no DISTINCT: a subquery).
        matching = Scheme.objects.for_profession(values["profession"]).values("pk")
        queryset = queryset.filter(pk__in=matching)
    return queryset


def _territory(scheme) -> dict:
    return {
        "niveau": scheme.territory_level,
        "libelle": str(scheme.get_territory_level_display()),
        "region": scheme.region_code or None,
        "departement": scheme.department.code if scheme.department_id else None,
        "epci": scheme.epci.siren if scheme.epci_id else None,
    }


def _scheme_rows(schemes, request) -> list[dict]:
    today = timezone.localdate()
    rows = []
    for scheme in schemes:
        sources = _sources(scheme)
        rows.append(
            {
                "code": scheme.code,
                "nom": scheme.name,
                "nom_court": scheme.short_name,
                "type": scheme.kind,
                "type_libelle": str(scheme.get_kind_display()),
                "financeur": scheme.funder,
                "financeur_libelle": str(scheme.get_funder_display()),
                "cofinanceurs": [str(funder) for funder in scheme.cofunders or []],
                "resume": scheme.summary,
                "montant": scheme.amounts_label,
                "montants": [
                    {
                        "zone": amount.zone or None,
                        "valeur": number(amount.value),
                        "texte": amount.text,
                    }
                    for amount in scheme.amount_list
                ],
                "duree": scheme.duration,
                "territoire": _territory(scheme),
                "professions": [profession.code for profession in scheme.professions.all()],
                "en_vigueur_du": iso(scheme.valid_from),
                "en_vigueur_jusqu_au": iso(scheme.valid_until),
                "ferme": scheme.is_closed(today),
                "remplace_par": scheme.replaced_by.code if scheme.replaced_by_id else None,
                "lien_officiel": scheme.official_url or None,
                "source": next((s for s in sources if s["date"]), sources[0] if sources else None),
                "sources": sources,
                "verifie_le": iso(scheme.verified_on),
                "a_confirmer": _to_confirm(scheme),
                "url": absolute(request, scheme.get_absolute_url()),
            }
        )
    return rows


SCHEMES = Resource(
    name="dispositifs",
    filters=("profession", "commune", "departement", "type"),
    kinds=tuple(SchemeKind.values),
    order_field="code",  # unique: its own index
    descending=False,
    key_is_datetime=False,
    queryset=_schemes,
    apply=_filter_schemes,
    rows=_scheme_rows,
)

RESOURCES = (STRUCTURES, OFFERS, EVENTS, SCHEMES)


def page(resource, values) -> tuple[list, object | None]:
    """One page of ``resource`` after the cursor, and the row to continue after (or None)."""
    queryset = resource.apply(resource.queryset(), values)
    field, descending = resource.order_field, resource.descending
    cursor = values.get("apres")
    if cursor is not None:
        after = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{field}__{after}": cursor.key})
            | Q(**{field: cursor.key, f"pk__{after}": cursor.pk})
        )
    sign = "-" if descending else ""
    limit = values["limite"]
    rows = list(queryset.order_by(f"{sign}{field}", f"{sign}pk")[: limit + 1])
    if len(rows) > limit:
        return rows[:limit], rows[limit - 1]
    return rows, None
