"""The transition table owns what a transition does: its guards, its effects and its mails."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from installations import workflow
from installations.enums import CaseStatus, EventKind
from installations.models import Case
from portal.models import OutgoingMail
from tests.installations.factories import CaseFactory
from tests.students.factories import PlacementCaseFactory

pytestmark = pytest.mark.django_db
S = CaseStatus


def fire(case, name, by, **details):
    """Fire ``name`` and return the case and the mails it queued, as (template, address)."""
    already = list(OutgoingMail.objects.values_list("pk", flat=True))
    case = workflow.transition(case, workflow.BY_NAME[name].target, by=by, name=name, **details)
    sent = OutgoingMail.objects.exclude(pk__in=already).order_by("pk")
    return case, list(sent.values_list("topic", "to"))


def declared(case, name):
    """The templates the row of ``name`` declares for what just happened to ``case``."""
    event = case.events.filter(kind=EventKind.STATUS).latest("created_at", "pk")
    return [
        mail.template
        for mail in workflow.BY_NAME[name].mails
        if mail.when is None or mail.when(case, event)
    ]


def test_each_transition_sends_the_mails_its_row_declares(
    newcomer, staff, referent, other_referent, desk, gp, figeac
):
    case = CaseFactory(applicant=newcomer, draft=True, profession=gp, communes=[figeac])
    journey = [
        (
            "submit",
            newcomer,
            {"consent": True},
            [
                ("installations_submitted", newcomer.email),
                ("installations_new_request", desk.email),
            ],
        ),
        (
            "assign",
            staff,
            {"referent": referent},
            [
                ("installations_assigned_newcomer", newcomer.email),
                ("installations_assigned_referent", referent.email),
            ],
        ),
        (
            "reassign",
            staff,
            {"referent": other_referent},
            [
                ("installations_assigned_newcomer", newcomer.email),
                ("installations_assigned_referent", other_referent.email),
                ("installations_reassigned_previous", referent.email),
            ],
        ),
        (
            "start",
            other_referent,
            {"note": "Appel du 3 : visite de la MSP prévue"},
            [("installations_status_changed", newcomer.email)],
        ),
        (
            "hold",
            other_referent,
            {"resume_on": timezone.localdate() + timedelta(days=30)},
            [("installations_status_changed", newcomer.email)],
        ),
        ("resume", newcomer, {}, [("installations_resumed_by_newcomer", other_referent.email)]),
        (
            "hold",
            other_referent,
            {"resume_on": timezone.localdate() + timedelta(days=30)},
            [("installations_status_changed", newcomer.email)],
        ),
        ("resume", other_referent, {}, [("installations_status_changed", newcomer.email)]),
        (
            "install",
            other_referent,
            {"installed_on": timezone.localdate(), "commune": figeac, "mode": "liberal"},
            [("installations_status_changed", newcomer.email)],
        ),
        ("close", staff, {}, [("installations_status_changed", newcomer.email)]),
    ]
    for name, actor, details, expected in journey:
        case, sent = fire(case, name, actor, **details)
        assert sent == expected, name
        assert [template for template, _to in sent] == declared(case, name), name


def test_withdrawal_tells_the_referent_only_when_there_is_one(submitted_case, referent):
    _case, sent = fire(submitted_case, "withdraw", submitted_case.applicant)
    assert sent == []
    assigned = CaseFactory(desk=submitted_case.desk, assigned=True, referent=referent)
    _case, sent = fire(assigned, "withdraw", assigned.applicant, reason="Report")
    assert sent == [("installations_withdrawn", referent.email)]


class TestSubmitGuards:
    def test_consent_comes_with_the_submission_and_is_recorded_by_it(
        self, newcomer, desk, gp, figeac
    ):
        draft = CaseFactory(applicant=newcomer, draft=True, profession=gp, communes=[figeac])
        with pytest.raises(workflow.GuardFailed) as error:
            workflow.transition(draft, S.SUBMITTED, by=newcomer)
        assert error.value.codes == ["consent"]
        assert error.value.messages == [
            "Acceptez la politique de confidentialité pour envoyer la demande."
        ]
        draft.refresh_from_db()
        assert draft.consent_at is None and draft.status == S.DRAFT

        case = workflow.transition(draft, S.SUBMITTED, by=newcomer, consent=True)
        assert case.status == S.SUBMITTED and case.consent_at is not None

    def test_a_placement_request_needs_its_level_and_dates(self, newcomer, desk, gp, figeac):
        case = PlacementCaseFactory(
            applicant=newcomer,
            draft=True,
            profession=gp,
            communes=[figeac],
            placement_level="",
            placement_end=None,
        )
        with pytest.raises(workflow.GuardFailed) as error:
            workflow.transition(case, S.SUBMITTED, by=newcomer, consent=True)
        assert error.value.codes == ["placement_level", "placement_dates"]
        assert "Indiquez les dates de votre stage." in error.value.messages
        case.refresh_from_db()
        assert case.status == S.DRAFT and case.consent_at is None

    def test_the_submit_page_lists_the_table_s_problems_but_not_the_consent_it_asks(
        self, client, newcomer, desk, gp, figeac
    ):
        case = PlacementCaseFactory(
            applicant=newcomer, draft=True, profession=gp, communes=[figeac], placement_start=None
        )
        client.force_login(newcomer)
        url = reverse("installations:request_step", args=[case.pk, "envoi"])
        page = client.get(url).content.decode()
        assert "Indiquez les dates de votre stage." in page
        assert "Acceptez la politique de confidentialité" not in page
        client.post(url, {"consent": "on"})
        case.refresh_from_db()
        assert case.status == S.DRAFT and case.consent_at is None

    def test_the_submit_page_sends_with_the_consent_ticked_only(
        self, client, newcomer, desk, gp, figeac
    ):
        draft = CaseFactory(applicant=newcomer, draft=True, profession=gp, communes=[figeac])
        client.force_login(newcomer)
        url = reverse("installations:request_step", args=[draft.pk, "envoi"])
        page = client.post(url, {}).content.decode()
        assert "Cochez cette case pour envoyer votre demande." in page
        draft.refresh_from_db()
        assert draft.status == S.DRAFT and draft.consent_at is None
        response = client.post(url, {"consent": "on"})
        assert response["Location"] == reverse("installations:case", kwargs={"pk": draft.pk})
        draft.refresh_from_db()
        assert draft.status == S.SUBMITTED and draft.consent_at is not None


class TestScope:
    def test_manageable_by_follows_the_roles(
        self, submitted_case, newcomer, other_newcomer, staff, other_staff, referent
    ):
        draft = CaseFactory(applicant=newcomer, draft=True, desk=submitted_case.desk)
        followed = CaseFactory(desk=submitted_case.desk, assigned=True, referent=referent)
        assert set(Case.objects.manageable_by(newcomer)) == {submitted_case, draft}
        assert not Case.objects.manageable_by(other_newcomer).exists()
        assert set(Case.objects.manageable_by(staff)) == {submitted_case, followed}
        assert not Case.objects.manageable_by(other_staff).exists()
        assert list(Case.objects.manageable_by(referent)) == [followed]

    def test_the_workflow_asks_the_scope(self, assigned_case, other_referent, superuser, staff):
        assert workflow.allowed_transitions(assigned_case, other_referent) == []
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.transition(assigned_case, S.IN_PROGRESS, by=other_referent, note="x")
        assert [t.name for t in workflow.allowed_transitions(assigned_case, staff)] == ["reassign"]
        case = workflow.transition(assigned_case, S.WITHDRAWN, by=superuser, reason="Doublon")
        assert case.status == S.WITHDRAWN
