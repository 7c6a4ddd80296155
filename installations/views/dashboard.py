"""The desk dashboard: what waits for the desk's staff, at a glance, each count a link to the
admin's case list filtered on exactly those cases."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import models
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from installations.enums import OPEN_STATES, CaseStatus
from installations.filters import absent_referent_q, arrived_this_month_q, installed_this_month_q
from installations.models import Case, Referent, ReminderRule
from installations.routing import candidate_referents, suggest_referents
from portal.decorators import role_required
from portal.roles import SUPERUSER, Role, role_of
from territories.models import Commune

ROWS = 10  # each list shows at most this many rows, then « voir les N »
CASE_LIST = "admin:installations_case_changelist"
FOLLOWED = OPEN_STATES - {CaseStatus.DRAFT}  # sent, not yet ended


def case_list_url(**params):
    """The admin's case list, filtered by its own list filters."""
    return f"{reverse(CASE_LIST)}?{urlencode(params)}" if params else reverse(CASE_LIST)


# The admin list filters each count stands for (installations/admin/cases.py).
LINKS = {
    "to_assign": {"status__exact": CaseStatus.SUBMITTED},
    "to_assign_late": {"retard_engagement": ReminderRule.TRIAGE},
    "overdue": {"retard": "oui"},
    "first_contact_due": {"status__exact": CaseStatus.ASSIGNED},
    "first_contact_late": {"retard_engagement": ReminderRule.FIRST_CONTACT},
    "idle": {"retard_engagement": ReminderRule.IDLE},
    "wake": {"retard_engagement": ReminderRule.WAKE},
    "absent_referent_cases": {"referent_absent": "oui"},
    "arrivals": {"ce_mois": "arrivees"},
    "installations": {"ce_mois": "installations"},
}


@dataclass
class Dashboard:
    counts: dict
    to_assign: list = field(default_factory=list)
    referents: list = field(default_factory=list)
    absent: list = field(default_factory=list)

    @property
    def links(self):
        return {
            name: case_list_url(**{k: str(v) for k, v in p.items()}) for name, p in LINKS.items()
        }


def count_cases(cases, today):
    """Every count of the page in one query (conditional counts over the user's cases)."""
    late = Case.objects.late_q(today)
    conditions = {
        "to_assign": Q(status=CaseStatus.SUBMITTED),
        "to_assign_late": late[ReminderRule.TRIAGE],
        "overdue": Case.objects.overdue_q(today, late=late),
        "first_contact_due": Q(status=CaseStatus.ASSIGNED),
        "first_contact_late": late[ReminderRule.FIRST_CONTACT],
        "idle": late[ReminderRule.IDLE],
        "wake": late[ReminderRule.WAKE],
        "absent_referent_cases": absent_referent_q(today),
        "arrivals": arrived_this_month_q(today),
        "installations": installed_this_month_q(today),
    }
    # Each count is of a followed case or of this month's arrivals and installations: the
    # desk's other cases (closed, declined, withdrawn: more than half) are not read at all.
    relevant = Q(status__in=FOLLOWED) | arrived_this_month_q(today) | installed_this_month_q(today)
    counts = cases.filter(relevant).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()}
    )
    return counts, late


def build_dashboard(user, today=None) -> Dashboard:
    """What the page shows, read through the user's scope (``visible_to``): a desk's staff see
    their desk, a superuser every desk. A constant number of queries whatever the data."""
    today = today or timezone.localdate()
    cases = Case.objects.visible_to(user)
    counts, late = count_cases(cases, today)
    waiting = list(
        cases.filter(status=CaseStatus.SUBMITTED)
        .select_related("profession", "desk")
        .prefetch_related(
            models.Prefetch(
                "wished_communes", queryset=Commune.objects.only("insee_code", "name", "epci")
            ),
            "wished_epcis",
        )
        .annotate(
            triage_late=models.Case(
                models.When(late[ReminderRule.TRIAGE], then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )
        .order_by("submitted_at", "pk")[:ROWS]
    )
    # The desk's referents, read once for their load and for the suggestions (every desk of
    # a waiting case is one the user sees).
    referents = list(
        candidate_referents()
        .filter(pk__in=Referent.objects.visible_to(user).values("pk"))
        .order_by("-open_load", "user__last_name", "pk")
    )
    suggestions = suggest_referents(waiting, today, referents=referents)
    for case in waiting:
        case.suggestion = suggestions[case.pk]
    for referent in referents:
        referent.away = referent.is_absent(today)
        referent.full = referent.open_load >= referent.capacity
        referent.cases_url = case_list_url(referent=referent.user_id, suivi="en_cours")
    absent = [r for r in referents if r.away and r.open_load]
    counts["referents"] = len(referents)
    counts["absent_referents"] = len(absent)
    return Dashboard(counts=counts, to_assign=waiting, referents=referents, absent=absent)


@role_required(Role.STAFF, SUPERUSER)
def dashboard(request):
    today = timezone.localdate()
    board = build_dashboard(request.user, today)
    return render(
        request,
        "installations/dashboard.html",
        {
            "board": board,
            "counts": board.counts,
            "links": board.links,
            "to_assign": board.to_assign,
            "referents": board.referents[:ROWS],
            "absent": board.absent[:ROWS],
            "rows": ROWS,
            "month": today,
            "show_desk": role_of(request.user) == SUPERUSER,
            "referent_list_url": reverse("admin:installations_referent_changelist"),
        },
    )
