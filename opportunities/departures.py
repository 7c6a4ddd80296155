"""The desk's « départs à anticiper »: the observatory's professionals aged 60 and over and
expected departures (``ProfessionalQuerySet.to_anticipate``, one definition with the
observatory), as a list the desk acts on before they leave.

Each row says who and where (as the directory tells), whether the commune keeps other
professionals of that profession (the risk), and whether a succession offer (``Vacancy`` of
kind succession, open, pending or filled) is prepared: one in the same commune for the same
profession, or one offered under the professional's name. Everything is read in a fixed number
of queries, whatever the number of rows (``departures``, then ``decorate`` for one page).
"""

from urllib.parse import urlencode

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import GreaterThanOrEqual
from django.db.models.query import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.formatting import count_fr, date_fr
from structures.models import (
    OffererKind,
    OpportunityKind,
    Professional,
    ProfessionalSource,
    ProfessionalStatus,
    Vacancy,
    VacancyStatus,
)

# Succession offers that count as « prepared », best first: open, then waiting for the desk's
# validation, then filled (a successor was found).
SUCCESSION_STATES = (VacancyStatus.OPEN, VacancyStatus.PENDING, VacancyStatus.FILLED)
# An offer is tied to a professional by name only when the last name is at least this long
# (« Li » would match « Ligier », « Olivier »…), and in the same commune or profession.
NAME_LINK_MIN_LENGTH = 3
SUCCESSION_LABELS = {
    VacancyStatus.OPEN: gettext_lazy("offre publiée"),
    VacancyStatus.PENDING: gettext_lazy("offre à valider"),
    VacancyStatus.FILLED: gettext_lazy("successeur trouvé"),
}
VACANCY_ADD = "admin:structures_vacancy_add"
VACANCY_CHANGE = "admin:structures_vacancy_change"

OLDEST_FIRST = F("birth_year").asc(nulls_last=True)
ORDERINGS = {
    "commune": ("commune__name", OLDEST_FIRST, "last_name", "first_name", "pk"),
    "age": (OLDEST_FIRST, "commune__name", "last_name", "first_name", "pk"),
    "profession": ("profession__label", "commune__name", OLDEST_FIRST, "last_name", "pk"),
    "nom": ("last_name", "first_name", "commune__name", "pk"),
}
DEFAULT_ORDER = "commune"


def succession_offers(user):
    """The succession offers ``user``'s desk sees, prepared or done (``SUCCESSION_STATES``)."""
    return Vacancy.objects.visible_to(user).filter(
        kind=OpportunityKind.SUCCESSION, status__in=SUCCESSION_STATES
    )


def _succession_of(user):
    """The best succession offer for the outer professional: same commune and profession, or
    offered under their last name in their commune or for their profession."""
    same_place = Q(commune=OuterRef("commune"), profession=OuterRef("profession"))
    by_name = (
        Q(GreaterThanOrEqual(Length(OuterRef("last_name")), NAME_LINK_MIN_LENGTH))
        & Q(offerer_name__icontains=OuterRef("last_name"))
        & (Q(commune=OuterRef("commune")) | Q(profession=OuterRef("profession")))
    )
    rank = Case(
        *(When(status=status, then=Value(i)) for i, status in enumerate(SUCCESSION_STATES)),
        output_field=IntegerField(),
    )
    offers = (
        succession_offers(user)
        .filter(same_place | by_name)
        .annotate(rank=rank)
        .order_by("rank", "-created_at", "-pk")
        .values("pk")[:1]
    )
    return Subquery(offers)


def _count_of(queryset):
    """A correlated count of ``queryset`` (0 when empty)."""
    counted = queryset.order_by().values("commune").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def departures(user, *, today=None):
    """The professionals to anticipate in ``user``'s desk territory, annotated: ``is_senior``,
    ``departure_expected``, ``succession_pk``, ``others`` (other active professionals of the
    same profession in the commune) and ``others_leaving`` (how many of those are to
    anticipate too)."""
    today = today or timezone.localdate()
    colleagues = (
        Professional.objects.active()
        .filter(commune=OuterRef("commune"), profession=OuterRef("profession"))
        .exclude(pk=OuterRef("pk"))
    )
    return (
        Professional.objects.visible_to(user)
        .to_anticipate(today)
        .with_demography(today)
        .select_related("profession", "commune", "commune__epci")
        .annotate(
            succession_pk=_succession_of(user),
            others=_count_of(colleagues),
            others_leaving=_count_of(colleagues.to_anticipate(today)),
        )
    )


def ordered(queryset, order):
    return queryset.order_by(*ORDERINGS.get(order, ORDERINGS[DEFAULT_ORDER]))


def without_succession(queryset):
    return queryset.filter(succession_pk__isnull=True)


def prepare_url(professional) -> str:
    """The admin's new-offer page, pre-filled for this professional's succession (the admin
    drops any id out of the user's scope)."""
    params = {"kind": OpportunityKind.SUCCESSION, "offerer_kind": OffererKind.PRACTITIONER}
    if professional.commune_id:
        params["commune"] = professional.commune_id
    params["profession"] = professional.profession_id
    if professional.full_name:
        params["offerer_name"] = professional.full_name
    return f"{reverse(VACANCY_ADD)}?{urlencode(params)}"


def decorate(professionals, user, *, today=None):
    """Adds what a row shows to ``professionals`` (one page, or every row of an export):
    ``age``, ``structure_names``, ``succession`` (the offer or None), ``succession_url``,
    ``prepare_url``, ``alone`` and ``at_risk``. Two queries, whatever the number of rows."""
    today = today or timezone.localdate()
    professionals = list(professionals)
    prefetch_related_objects(professionals, "structures")
    offers = Vacancy.objects.in_bulk(
        {p.succession_pk for p in professionals if p.succession_pk is not None}
    )
    for professional in professionals:
        professional.age = today.year - professional.birth_year if professional.birth_year else None
        professional.structure_names = ", ".join(s.name for s in professional.structures.all())
        professional.from_directory = professional.source == ProfessionalSource.IMPORTED
        professional.succession = offers.get(professional.succession_pk)
        professional.succession_url = (
            reverse(VACANCY_CHANGE, args=[professional.succession.pk])
            if professional.succession
            else ""
        )
        professional.succession_label = (
            SUCCESSION_LABELS[professional.succession.status] if professional.succession else ""
        )
        professional.prepare_url = prepare_url(professional)
        professional.departure = departure_label(professional, today)
        professional.alone = professional.others == 0
        # No colleague of that profession stays in the commune once they all leave.
        professional.at_risk = professional.others - professional.others_leaving == 0
        professional.risk = risk_label(professional)
    return professionals


def departure_label(professional, today=None) -> str:
    """« départ annoncé le … », « départ attendu d'ici 5 ans » or « 60 ans ou plus »."""
    today = today or timezone.localdate()
    changed = professional.status_changed_on
    if professional.status != ProfessionalStatus.ACTIVE and changed and changed > today:
        return _("départ annoncé le %(day)s") % {"day": date_fr(changed)}
    if professional.departure_expected:
        return _("départ attendu d'ici 5 ans")
    return _("60 ans ou plus")


def risk_label(professional) -> str:
    """How the commune fares once they leave: « seul·e de sa profession dans la commune »,
    « 2 autres, à anticiper aussi », « 3 autres, dont 1 à anticiper aussi »."""
    if professional.alone:
        return _("seul·e de sa profession dans la commune")
    others = count_fr(professional.others, _("autre"), _("autres"))
    if professional.at_risk:
        return _("%(others)s, à anticiper aussi") % {"others": others}
    if not professional.others_leaving:
        return others
    return _("%(others)s, dont %(leaving)s à anticiper aussi") % {
        "others": others,
        "leaving": professional.others_leaving,
    }
