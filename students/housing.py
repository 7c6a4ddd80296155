"""Housing requests of placement cases, and their allocation by the desk.

``allocate`` locks the request and the period, then takes the lowest free place. Whatever
happens in between, the unique constraint ``(period, place)`` refuses a double booking and the
one-to-one on the request refuses two places for one student.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from installations import notifications, services, timeline
from installations.enums import OPEN_STATES, CaseStatus, EventKind
from installations.kinds import CaseKind
from installations.models import Case
from portal.formatting import date_fr
from students.models import HousingAllocation, HousingPeriod, HousingRequest, HousingRequestStatus


class HousingError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


class HousingFull(HousingError):
    pass


def request_housing(case, *, by, starts_on, ends_on, wished_offer=None, notes="") -> HousingRequest:
    if case.kind != CaseKind.PLACEMENT:
        raise HousingError(_("Les demandes de logement concernent les dossiers de stage."))
    if case.status == CaseStatus.DRAFT:
        raise HousingError(_("Envoyez d'abord votre demande de stage, puis demandez un logement."))
    if case.status not in OPEN_STATES:
        raise HousingError(_("Ce dossier n'est plus en cours."))
    if ends_on < starts_on:
        raise HousingError(_("La date de fin précède la date de début."))
    if case.housing_requests.filter(
        status__in=[HousingRequestStatus.PENDING, HousingRequestStatus.ALLOCATED],
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    ).exists():
        raise HousingError(_("Une demande de logement couvre déjà ces dates."))
    with transaction.atomic():
        request = HousingRequest.objects.create(
            case=case,
            starts_on=starts_on,
            ends_on=ends_on,
            wished_offer=wished_offer,
            notes=notes,
        )
        if not case.housing_needed:
            Case.objects.filter(pk=case.pk).update(housing_needed=True)
            case.housing_needed = True
        timeline.record(
            case,
            EventKind.UPDATE,
            actor=by,
            is_public=True,
            body=_("Demande de logement du %(start)s au %(end)s.")
            % {"start": date_fr(starts_on), "end": date_fr(ends_on)},
            details={"housing_request": request.pk},
        )
        services.touch(case, bump_version=True)
    return request


def periods_for(request):
    """Periods of active offers that overlap the request's dates, with ``taken`` places."""
    return (
        HousingPeriod.objects.filter(offer__is_active=True)
        .overlapping(request.starts_on, request.ends_on)
        .with_taken()
        .select_related("offer", "offer__commune")
        .order_by("starts_on", "offer__name")
    )


def allocate(request, period, *, by) -> HousingAllocation:
    """Give ``request`` the lowest free place of ``period``. Raises ``HousingFull`` when none is
    left, ``HousingError`` when the request is no longer pending or the dates do not match."""
    if period.starts_on > request.ends_on or period.ends_on < request.starts_on:
        raise HousingError(_("Cette période ne couvre pas les dates demandées."))
    with transaction.atomic():
        locked = (
            HousingRequest.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=request.pk)
        )
        if locked.status != HousingRequestStatus.PENDING:
            raise HousingError(_("Cette demande de logement est déjà traitée."))
        period = (
            HousingPeriod.objects.select_for_update(of=("self",))
            .select_related("offer")
            .get(pk=period.pk)
        )
        allocation = _take_a_place(locked, period, by)
        locked.status = HousingRequestStatus.ALLOCATED
        locked.save(update_fields=["status"])
        case = locked.case
        timeline.record(
            case,
            EventKind.UPDATE,
            actor=by,
            is_public=True,
            body=_("Logement attribué : %(offer)s, %(period)s.")
            % {"offer": period.offer.name, "period": period.label},
            details={"housing_allocation": allocation.pk},
        )
        services.touch(case, bump_version=False)
        notifications.to_newcomer(
            case, "students_housing_allocated", allocation=allocation, period=period
        )
    return allocation


def _take_a_place(request, period, by):
    taken = set(period.allocations.values_list("place", flat=True))
    for place in range(1, period.capacity + 1):
        if place in taken:
            continue
        try:
            with transaction.atomic():
                return HousingAllocation.objects.create(
                    request=request, period=period, place=place, allocated_by=by
                )
        except IntegrityError:
            # Taken meanwhile (the constraint said no): try the next place.
            if HousingAllocation.objects.filter(request=request).exists():
                raise HousingError(_("Cette demande de logement est déjà traitée.")) from None
            continue
    raise HousingFull(_("Plus aucune place libre sur cette période."))


def set_status(request, status, *, by):
    """Decline or cancel a pending request (the place, if any, is given back)."""
    with transaction.atomic():
        HousingAllocation.objects.filter(request=request).delete()
        HousingRequest.objects.filter(pk=request.pk).update(status=status)
        timeline.record(
            request.case,
            EventKind.UPDATE,
            actor=by,
            is_public=True,
            body=_("Demande de logement : %(status)s.")
            % {"status": HousingRequestStatus(status).label},
        )
        services.touch(request.case, bump_version=False)
