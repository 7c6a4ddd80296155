"""Which followed cases an offer fits, and which published offers a case fits: both ways, the
same rules, each fit with a score and its reasons in French.

An offer (``structures.Vacancy``) fits a case when

* **the kind** suits the request: a placement case (students, interns) is offered
  replacements and housing only; installation and information cases, every kind;
* **the profession** is the case's, its parent or one of its specialities; an offer of
  premises or housing without a profession fits every profession;
* **the place** is a wished commune, in a wished intercommunality, or within the distance the
  newcomer accepts (``Case.max_distance_km``) of one of their wished communes;
* **the dates**, for a one-off replacement, meet the case's: the replacement ends on or after
  the target date of an installation, or overlaps the placement of an intern.

Set-based: ``cases_for`` is one query whatever the number of cases (the place is filtered by
uncorrelated subqueries on the wished places, which PostgreSQL hashes; the reasons are
correlated subqueries run on the rows that are left), ``offers_for`` two (the wished
communes, then the offers). Nothing here writes: ``opportunities.services`` keeps the
``Match`` rows.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from installations.enums import CaseStatus
from installations.kinds import CaseKind
from installations.models import Case
from installations.models.case import MAX_DISTANCE_KM
from portal.formatting import de, number_fr
from structures.geo import bounding_box, distance_km, distance_km_expression
from structures.models import PLACE_KINDS, OpportunityKind, Vacancy

# Followed cases: sent and not ended (a draft is nobody's yet).
FOLLOWED_STATES = (
    CaseStatus.SUBMITTED,
    CaseStatus.ASSIGNED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.ON_HOLD,
)
# What a student or an intern is offered.
PLACEMENT_KINDS = frozenset({OpportunityKind.REPLACEMENT, OpportunityKind.HOUSING})

WishedCommune = Case.wished_communes.through
WishedEpci = Case.wished_epcis.through

# Points of a fit (at most 100).
SAME_PROFESSION, RELATED_PROFESSION, ANY_PROFESSION = 40, 30, 15
WISHED_COMMUNE, WISHED_EPCI, NEAR_MIN, NEAR_MAX = 40, 30, 10, 30
DATES = 20


@dataclass
class Fit:
    """One offer and one case that fit, with why."""

    case: Case
    vacancy: Vacancy
    score: int
    reasons: list[str] = field(default_factory=list)


# --- The rules, as SQL ------------------------------------------------------------------------
def _professions_q(vacancy, prefix=""):
    """Cases (``prefix=""``) whose profession fits ``vacancy``'s."""
    if vacancy.profession_id is None:
        return Q()
    q = Q(**{f"{prefix}profession_id": vacancy.profession_id}) | Q(
        **{f"{prefix}profession__parent_id": vacancy.profession_id}
    )
    if vacancy.profession.parent_id:
        q |= Q(**{f"{prefix}profession_id": vacancy.profession.parent_id})
    return q


def _kind_q(vacancy):
    if vacancy.kind in PLACEMENT_KINDS:
        return Q()
    return ~Q(kind=CaseKind.PLACEMENT)


def _dates_q(vacancy):
    """Cases whose dates meet a one-off replacement's (unknown dates never exclude)."""
    if vacancy.kind != OpportunityKind.REPLACEMENT or vacancy.replacement_regular:
        return Q()
    q = Q()
    placement = Q(kind=CaseKind.PLACEMENT)
    if vacancy.end_date:
        # An installation from its target date on; a placement that has begun by the end.
        q &= placement | Q(target_date__isnull=True) | Q(target_date__lte=vacancy.end_date)
        q &= ~placement | Q(placement_start__isnull=True) | Q(placement_start__lte=vacancy.end_date)
    if vacancy.start_date:
        q &= ~placement | Q(placement_end__isnull=True) | Q(placement_end__gte=vacancy.start_date)
    return q


def _near(latitude, longitude, prefix=""):
    """Lookups of the box around a point that holds every accepted distance."""
    return {
        f"{prefix}{k}": v for k, v in bounding_box(latitude, longitude, MAX_DISTANCE_KM).items()
    }


def cases_for(vacancy, user=None):
    """The followed cases ``vacancy`` fits, best first, as ``Fit``s: one query. With ``user``,
    only the cases they may reach (``Case.objects.visible_to``). ``vacancy`` comes with its
    ``commune`` and ``profession`` (``select_related``)."""
    commune = vacancy.commune
    if commune is None:
        return []
    cases = Case.objects.all() if user is None else Case.objects.visible_to(user)
    wished_here = WishedCommune.objects.filter(commune_id=commune.pk)
    wished_near = WishedCommune.objects.filter(
        **_near(commune.latitude, commune.longitude, "commune__")
    )
    place = Q(pk__in=wished_here.values("case_id")) | Q(
        max_distance_km__isnull=False, pk__in=wished_near.values("case_id")
    )
    if commune.epci_id:
        place |= Q(pk__in=WishedEpci.objects.filter(epci_id=commune.epci_id).values("case_id"))
    nearest = (
        wished_near.filter(case_id=OuterRef("pk"))
        .annotate(
            km=distance_km_expression(
                commune.latitude, commune.longitude, "commune__latitude", "commune__longitude"
            )
        )
        .order_by("km", "commune_id")
    )
    rows = (
        cases.filter(status__in=FOLLOWED_STATES)
        .filter(_kind_q(vacancy), _professions_q(vacancy), _dates_q(vacancy), place)
        .annotate(
            wishes_here=Exists(wished_here.filter(case_id=OuterRef("pk"))),
            wishes_epci=Exists(
                WishedEpci.objects.filter(case_id=OuterRef("pk"), epci_id=commune.epci_id)
            )
            if commune.epci_id
            else Exists(WishedEpci.objects.none()),
            nearest_km=Subquery(nearest.values("km")[:1]),
            nearest_name=Subquery(nearest.values("commune__name")[:1]),
        )
        .filter(
            Q(wishes_here=True)
            | Q(wishes_epci=True)
            | Q(max_distance_km__isnull=False, nearest_km__lte=F("max_distance_km"))
        )
        .select_related("applicant", "profession", "desk")
    )
    fits = []
    for case in rows:
        place_score, place_reason = _place_of_case(case, commune)
        fits.append(_fit(case, vacancy, place_score, place_reason))
    return _ranked(fits)


def _place_of_case(case, commune):
    if case.wishes_here:
        return WISHED_COMMUNE, _("%(commune)s est une commune souhaitée") % {
            "commune": commune.name
        }
    if case.wishes_epci:
        return WISHED_EPCI, _("%(commune)s est dans une intercommunalité souhaitée (%(epci)s)") % {
            "commune": commune.name,
            "epci": commune.epci.name,
        }
    return _near_reason(case.nearest_km, case.nearest_name, case.max_distance_km)


def _near_reason(km, name, accepted):
    score = NEAR_MIN + round((NEAR_MAX - NEAR_MIN) * max(0.0, 1 - km / accepted))
    return score, _("à %(km)s km %(of_commune)s, vous acceptez %(accepted)s km") % {
        "km": number_fr(round(km)),
        "of_commune": de(name),
        "accepted": number_fr(accepted),
    }


# --- The other way: the offers a case fits ----------------------------------------------------
def offers_for(case, *, queryset=None):
    """The published offers ``case`` fits, best first, as ``Fit``s: one query for the offers,
    plus one for the wished communes and one for the wished intercommunalities unless the case
    comes with them (``prefetch_related``, as the case pages fetch it). ``queryset``: a
    ``Vacancy`` queryset to start from (annotated by the caller), ``Vacancy.objects.published()``
    by default. A case not followed fits nothing. ``case`` comes with its ``profession``."""
    if case.status not in FOLLOWED_STATES:
        return []
    wished = list(case.wished_communes.all())
    epci_ids = {epci.pk for epci in case.wished_epcis.all()}
    place = Q(commune__in=[c.pk for c in wished]) | Q(commune__epci__in=epci_ids)
    if case.max_distance_km:
        for commune in wished:
            box = bounding_box(commune.latitude, commune.longitude, case.max_distance_km)
            place |= Q(**{f"commune__{k}": v for k, v in box.items()})
    offers = (queryset if queryset is not None else Vacancy.objects.published()).filter(place)
    if case.kind == CaseKind.PLACEMENT:
        offers = offers.filter(kind__in=PLACEMENT_KINDS)
    offers = offers.filter(_offer_professions_q(case), _offer_dates_q(case)).select_related(
        "commune__epci", "profession", "structure"
    )
    wished_ids = {c.pk for c in wished}
    fits = []
    for vacancy in offers:
        place_score, place_reason = _place_of_offer(vacancy, case, wished, wished_ids, epci_ids)
        if place_reason is None:
            continue  # in the box, beyond the distance
        fits.append(_fit(case, vacancy, place_score, place_reason))
    return _ranked(fits)


def _offer_professions_q(case):
    if case.profession_id is None:
        return Q(profession__isnull=True, kind__in=PLACE_KINDS)
    q = Q(profession_id=case.profession_id) | Q(profession__parent_id=case.profession_id)
    q |= Q(profession__isnull=True, kind__in=PLACE_KINDS)
    if case.profession.parent_id:
        q |= Q(profession_id=case.profession.parent_id)
    return q


def _offer_dates_q(case):
    """Offers whose dates meet the case's (see ``_dates_q``, the same rule seen from the case)."""
    one_off = Q(kind=OpportunityKind.REPLACEMENT, replacement_regular=False)
    if case.kind == CaseKind.PLACEMENT:
        clash = Q()
        if case.placement_start:
            clash |= Q(end_date__lt=case.placement_start)
        if case.placement_end:
            clash |= Q(start_date__gt=case.placement_end)
        return ~(one_off & clash) if clash else Q()
    if case.target_date:
        return ~(one_off & Q(end_date__lt=case.target_date))
    return Q()


def _place_of_offer(vacancy, case, wished, wished_ids, epci_ids):
    commune = vacancy.commune
    if commune.pk in wished_ids:
        return WISHED_COMMUNE, _("%(commune)s est une commune souhaitée") % {
            "commune": commune.name
        }
    if commune.epci_id in epci_ids:
        return WISHED_EPCI, _("%(commune)s est dans une intercommunalité souhaitée (%(epci)s)") % {
            "commune": commune.name,
            "epci": commune.epci.name,
        }
    if case.max_distance_km and wished:
        km, nearest = min(
            (distance_km(c.latitude, c.longitude, commune.latitude, commune.longitude), c.name)
            for c in wished
        )
        if km <= case.max_distance_km:
            return _near_reason(km, nearest, case.max_distance_km)
    return 0, None


# --- Both ways: the profession and the dates, then the ranking --------------------------------
def _fit(case, vacancy, place_score, place_reason):
    score, reasons = 0, []
    if vacancy.profession_id is None:
        score += ANY_PROFESSION
        reasons.append(_("ouverte à toutes les professions"))
    elif vacancy.profession_id == case.profession_id:
        score += SAME_PROFESSION
        reasons.append(_("même profession"))
    else:
        score += RELATED_PROFESSION
        reasons.append(
            _("profession proche : %(offer)s pour %(case)s")
            % {"offer": vacancy.profession.label, "case": case.profession.label}
        )
    score += place_score
    reasons.append(place_reason)
    if _dates_known_and_compatible(case, vacancy):
        score += DATES
        reasons.append(_("dates compatibles"))
    return Fit(case=case, vacancy=vacancy, score=min(score, 100), reasons=reasons)


def _dates_known_and_compatible(case, vacancy):
    """Both sides gave dates (the query already left out the ones that clash)."""
    if vacancy.kind != OpportunityKind.REPLACEMENT:
        return False
    if vacancy.replacement_regular:
        return bool(case.target_date or case.placement_start)
    if not (vacancy.start_date or vacancy.end_date):
        return False
    if case.kind == CaseKind.PLACEMENT:
        return bool(case.placement_start or case.placement_end)
    return bool(case.target_date and vacancy.end_date)


def _ranked(fits):
    return sorted(fits, key=lambda fit: (-fit.score, fit.case.pk, fit.vacancy.pk))
