"""The demo's year of partner requests (``demo.partners.HISTORY``): the Lot desk's yearly report
has figures for the guichet unique's partners, the same as the rows say, and what it counts was
written by the requests' services (timeline, thread, access log, mails sent) at past moments;
loading again adds nothing."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from demo import partners as demo_partners
from demo.management.commands.load_demo import Report
from installations.models import CaseEvent, Step
from partners.models import PartnerAccess, PartnerMessage, PartnerRequest
from portal.models import MailStatus, OutgoingMail
from reporting import report
from territories.models import Desk

pytestmark = pytest.mark.django_db

SESSION_PARTNERS = [
    demo_partners.CPAM,
    demo_partners.URSSAF,
    demo_partners.ORDRE,
    demo_partners.ARS,
]


def period():
    """The current year (from the history's start when the year is only weeks old)."""
    start = min(demo_partners.history_window()[0].date(), date(timezone.now().year, 1, 1))
    return start, date(timezone.now().year, 12, 31)


def figures(desk):
    return {row.name: row for row in report.compute(desk, *period()).partner_figures}


def close(moment, other):
    """Two moments of one service call (microseconds apart, moved back together)."""
    return abs(moment - other) < timedelta(minutes=1)


def history_requests():
    questions = [item[4] for item in demo_partners.HISTORY]
    return PartnerRequest.objects.filter(question__in=questions)


def test_the_report_has_a_believable_year_per_partner(demo_data):
    desk = Desk.objects.get(slug="lot")
    rows = figures(desk)
    assert set(rows) == {name for name, *_rest in demo_partners.partners_data()}
    for name in SESSION_PARTNERS:
        assert rows[name].requests >= 1 or rows[name].sessions_held >= 1, name
    medians = {name: row.to_answer.days for name, row in rows.items() if row.to_answer.days}
    assert len(medians) >= 3 and len(set(medians.values())) >= 3
    assert all(1 <= days <= 12 for days in medians.values())
    assert sum(row.steps_done for row in rows.values()) >= 4
    # The figures are the rows': requests sent to each partner in the period.
    start, end = period()
    counted = dict(
        PartnerRequest.objects.filter(partner__desk=desk, created_at__date__range=(start, end))
        .values_list("partner__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    assert {name: row.requests for name, row in rows.items() if row.requests} == counted
    assert sum(counted.values()) >= 15


def test_the_desk_staff_reads_them_in_the_yearly_report(demo_data, client):
    staff = get_user_model().objects.get(email="equipe.lot@demo.example")
    client.force_login(staff)
    start, end = period()
    url = reverse("reporting:report_desk", args=["lot"])
    page = client.get(url, {"du": start.isoformat(), "au": end.isoformat()}).content.decode()
    rows = figures(Desk.objects.get(slug="lot"))
    cpam = rows[demo_partners.CPAM]
    days = str(cpam.to_answer.days).replace(".", ",")
    assert (
        f'<th scope="row">{demo_partners.CPAM}</th><td>{cpam.requests}</td>'
        f"<td>{days} jours ({cpam.to_answer.sample} réponses)</td>"
    ) in page


def test_the_history_is_the_services_at_past_moments(demo_data):
    now = timezone.now()
    requests = history_requests().select_related("case", "step")
    assert requests.count() == len(demo_partners.HISTORY)
    for item in requests:
        asked = CaseEvent.objects.get(
            case=item.case,
            details__partner_request=item.pk,
            kind="update",
            body__startswith="Question posée à ",
        )
        assert close(asked.created_at, item.created_at) and item.created_at < now
        if item.first_answer_at is None:
            continue
        message = item.messages.get()
        assert message.author == PartnerMessage.Author.PARTNER
        assert close(message.created_at, item.first_answer_at)
        assert item.created_at < item.first_answer_at < now
        assert close(item.accesses.get(action="reply").at, item.first_answer_at)
    # Some steps done through the link (by no account, the access logged), one left to the
    # newcomer, one answered late after its reminder, one still waiting with a live link.
    done = requests.filter(accesses__action="step_done")
    assert done.count() >= 3
    for item in done:
        step = Step.objects.get(pk=item.step_id)
        assert step.done_by is None and step.done_at >= item.first_answer_at
    to_do = requests.get(accesses__action="applicant_to_do")
    assert to_do.step.applicant_to_do and to_do.step.done_at is None
    late = requests.get(partner_reminded_on__isnull=False)
    reminder = late.case.events.get(kind="reminder", details__partner_request=late.pk)
    assert late.due_on < reminder.created_at.date() == late.partner_reminded_on
    assert reminder.created_at < late.first_answer_at
    waiting = requests.get(first_answer_at__isnull=True)
    assert waiting.status == "open" and waiting.link_is_live and waiting.due_on >= now.date()
    # Nothing in the future, every mail of theirs sent (no mail flood on ``make demo``).
    assert not PartnerMessage.objects.filter(created_at__gt=now).exists()
    assert not PartnerAccess.objects.filter(at__gt=now).exists()
    assert not CaseEvent.objects.filter(created_at__gt=now).exists()
    mails = OutgoingMail.objects.filter(topic__startswith="partners_")
    assert mails.filter(topic="partners_reminder").count() == 1
    assert set(mails.values_list("status", flat=True)) == {MailStatus.SENT}


def test_loading_again_adds_nothing(demo_data):
    models = [PartnerRequest, PartnerMessage, PartnerAccess, CaseEvent, OutgoingMail]

    def counts():
        return [model.objects.count() for model in models]

    before = counts()
    lines = Report()
    demo_partners.load(lines)
    assert counts() == before
    assert lines.lines[0].endswith(", 0 demandes nouvelles.")
