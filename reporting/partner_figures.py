"""The yearly report's figures per partner of the guichet unique (``partners.Partner``, not the
partner structures of events): requests received, their answers, steps the partner completed,
single appointments held and newcomers met. Three queries whatever the number of partners.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q

from partners.models import Partner, PartnerAccess, PartnerRequest, SlotOutcome
from partners.requests import Action


@dataclass
class PartnerRow:
    name: str
    is_active: bool
    requests: int = 0  # requests sent to the partner in the period
    answers: list = field(default_factory=list)  # [(created_at, first_answer_at)] of those
    steps_done: int = 0
    sessions_held: int = 0
    newcomers_met: int = 0

    @property
    def has_figures(self) -> bool:
        return bool(self.requests or self.steps_done or self.sessions_held)


def _steps_done(desk, begin, finish):
    """``(step pk, partner pk)`` of the steps each partner completed in the period, once each:

    * through its request's link (``partners.requests.mark_step_done``): the step is done by no
      account (``done_by`` empty) and the partner's link logged « step_done » in the same
      transaction, right after ``done_at`` was set: the first such access from ``done_at`` on
      tells which partner did it (another partner ticking it later, or the referent who
      reopened and redid it, is not counted);
    * ticked done after a single appointment of the period (``SlotOutcome.done``).
    """
    # Read from the accesses « step_done » (a handful), not from the desk's done steps
    # (hundreds of thousands at scale, each with a subquery: 0.8 s at 100,000 cases).
    completions = PartnerAccess.objects.filter(
        action=Action.STEP_DONE,
        request__step__case__desk=desk,
        request__step__done_at__range=(begin, finish),
        request__step__done_by=None,
        at__gte=F("request__step__done_at"),
    )
    earlier = completions.filter(request__step=OuterRef("request__step")).filter(
        Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk"))
    )
    through_links = (
        completions.filter(~Exists(earlier))
        .order_by()
        .values_list("request__step", "request__partner")
    )
    at_sessions = (
        SlotOutcome.objects.filter(
            done=True,
            partner__desk=desk,
            slot__session__desk=desk,
            slot__session__starts_at__range=(begin, finish),
        )
        .order_by()
        .values_list("step", "partner")
    )
    return through_links.union(at_sessions)  # UNION: a step done both ways counts once


def gather(desk, begin, finish) -> list[PartnerRow]:
    """The desk's partners by name (the inactive ones only when they have figures): 1 query
    for the partners and their sessions, 1 for the requests, 1 for the steps."""
    held = Q(sessions__held=True, sessions__desk=desk, sessions__starts_at__range=(begin, finish))
    partners = (
        Partner.objects.filter(desk=desk)
        .annotate(
            held=Count("sessions", filter=held, distinct=True),
            met=Count(
                "sessions__slots__case",
                filter=held & Q(sessions__slots__attended=True),
                distinct=True,
            ),
        )
        .order_by("name", "pk")
        .values_list("pk", "name", "is_active", "held", "met")
    )
    rows = {}
    for pk, name, is_active, sessions_held, newcomers_met in partners:
        rows[pk] = PartnerRow(
            name, is_active, sessions_held=sessions_held, newcomers_met=newcomers_met
        )
    requests = PartnerRequest.objects.filter(
        partner__desk=desk, created_at__range=(begin, finish)
    ).values_list("partner", "created_at", "first_answer_at")
    for partner, created_at, first_answer_at in requests.order_by():
        if partner in rows:
            rows[partner].requests += 1
            rows[partner].answers.append((created_at, first_answer_at))
    for _step, partner in _steps_done(desk, begin, finish):
        if partner in rows:
            rows[partner].steps_done += 1
    return [row for row in rows.values() if row.is_active or row.has_figures]
