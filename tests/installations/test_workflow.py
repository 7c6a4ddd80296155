from datetime import timedelta

import pytest
from django.utils import timezone

from installations import workflow
from installations.enums import CaseStatus, EventKind
from installations.models import Case
from portal.models import OutgoingMail
from structures.models import Professional
from tests.installations.factories import CaseFactory

pytestmark = pytest.mark.django_db
S = CaseStatus


def mails_to(address):
    return list(OutgoingMail.objects.filter(to=address).values_list("subject", flat=True))


def last_event(case, kind=EventKind.STATUS):
    return case.events.filter(kind=kind).latest("created_at", "pk")


class TestSubmit:
    def test_incomplete_draft_lists_what_is_missing_in_french(self, newcomer):
        draft = CaseFactory(applicant=newcomer, draft=True, first_name="", profession=None)
        with pytest.raises(workflow.GuardFailed) as error:
            workflow.transition(draft, S.SUBMITTED, by=newcomer)
        assert "Indiquez vos nom et prénom." in error.value.messages
        assert "Choisissez votre profession." in error.value.messages
        draft.refresh_from_db()
        assert draft.status == S.DRAFT and draft.version == 1

    def test_submission_routes_to_the_desk_and_writes_everything(
        self, newcomer, desk, gp, figeac, step_templates, django_capture_on_commit_callbacks
    ):
        draft = CaseFactory(applicant=newcomer, draft=True, profession=gp, communes=[figeac])
        draft.consent_at = timezone.now()
        draft.save()
        with django_capture_on_commit_callbacks() as callbacks:
            case = workflow.transition(draft, S.SUBMITTED, by=newcomer)
        assert case.status == S.SUBMITTED and case.desk == desk
        assert case.reference == f"INS-{case.created_at:%Y}-{case.pk:05d}"
        assert case.version == 2
        assert [s.title for s in case.steps.all()] == [t.title for t in step_templates]
        event = last_event(case)
        assert (event.actor, event.from_status, event.to_status) == (newcomer, S.DRAFT, S.SUBMITTED)
        assert event.is_public
        assert mails_to(newcomer.email) == [f"Votre demande {case.reference} est bien reçue"]
        assert mails_to(desk.email) == [f"Nouvelle demande {case.reference} à attribuer"]
        assert case.events.filter(kind=EventKind.MAIL).count() == 2
        # Delivery of the two mails, and the matching of offers (issue 18), asked only once
        # the transaction commits.
        assert len(callbacks) == 3

    def test_communes_no_desk_covers_block_the_submission(self, newcomer, gp, auch):
        draft = CaseFactory(applicant=newcomer, draft=True, profession=gp, communes=[auch])
        with pytest.raises(workflow.GuardFailed, match="Aucun guichet ne couvre"):
            workflow.transition(draft, S.SUBMITTED, by=newcomer)

    def test_someone_else_cannot_submit_my_draft(self, newcomer, other_newcomer, gp, figeac, desk):
        draft = CaseFactory(applicant=newcomer, draft=True, profession=gp, communes=[figeac])
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.transition(draft, S.SUBMITTED, by=other_newcomer)


class TestAssign:
    def test_staff_assigns_and_both_are_introduced(self, submitted_case, staff, referent):
        case = workflow.transition(submitted_case, S.ASSIGNED, by=staff, referent=referent)
        assert case.referent == referent and case.assigned_at
        assert mails_to(case.applicant.email) == [
            f"{referent.get_full_name()} vous accompagnera dans votre installation"
        ]
        assert mails_to(referent.email) == [f"Nouveau dossier à suivre : {case.reference}"]

    def test_referent_of_another_desk_is_refused(self, submitted_case, staff, other_desk):
        from tests.territories.factories import DeskMemberFactory

        stranger = DeskMemberFactory(user__referent=True, desk=other_desk).user
        with pytest.raises(workflow.GuardFailed, match="n'appartient pas au guichet"):
            workflow.transition(submitted_case, S.ASSIGNED, by=staff, referent=stranger)

    def test_staff_of_another_desk_cannot_assign(self, submitted_case, other_staff, referent):
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.transition(submitted_case, S.ASSIGNED, by=other_staff, referent=referent)

    def test_reassign_tells_the_previous_referent(
        self, assigned_case, staff, referent, other_referent
    ):
        case = workflow.transition(assigned_case, S.ASSIGNED, by=staff, referent=other_referent)
        assert case.referent == other_referent
        assert mails_to(referent.email) == [
            f"Le dossier {case.reference} est confié à un autre référent"
        ]
        assert mails_to(other_referent.email) == [f"Nouveau dossier à suivre : {case.reference}"]

    def test_newcomer_cannot_assign(self, submitted_case, newcomer, referent):
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.transition(submitted_case, S.ASSIGNED, by=newcomer, referent=referent)


class TestDecline:
    def test_reason_required(self, submitted_case, staff):
        with pytest.raises(workflow.GuardFailed, match="Indiquez le motif"):
            workflow.transition(submitted_case, S.DECLINED, by=staff, reason="  ")

    def test_decline_sends_the_reason(self, submitted_case, staff):
        case = workflow.transition(submitted_case, S.DECLINED, by=staff, reason="Hors champ")
        assert last_event(case).body == "Hors champ" and last_event(case).is_public
        mail = OutgoingMail.objects.get(to=case.applicant.email)
        assert "Motif du refus : Hors champ" in mail.body_text


class TestReferentTransitions:
    def test_first_contact_needs_a_note_kept_private(self, assigned_case, referent):
        with pytest.raises(workflow.GuardFailed, match="premier contact"):
            workflow.transition(assigned_case, S.IN_PROGRESS, by=referent)
        case = workflow.transition(
            assigned_case, S.IN_PROGRESS, by=referent, note="Appel le 3 : visite prévue"
        )
        assert case.first_contact_at
        assert last_event(case).body == "" and last_event(case).is_public
        note = last_event(case, EventKind.NOTE)
        assert note.body == "Appel le 3 : visite prévue" and not note.is_public

    def test_only_the_assigned_referent(self, assigned_case, other_referent):
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.transition(assigned_case, S.IN_PROGRESS, by=other_referent, note="x")

    def test_hold_needs_a_future_resume_date(self, in_progress_case, referent):
        with pytest.raises(workflow.GuardFailed, match="date de reprise"):
            workflow.transition(in_progress_case, S.ON_HOLD, by=referent)
        with pytest.raises(workflow.GuardFailed, match="dans le futur"):
            workflow.transition(
                in_progress_case, S.ON_HOLD, by=referent, resume_on=timezone.localdate()
            )
        resume_on = timezone.localdate() + timedelta(days=30)
        case = workflow.transition(in_progress_case, S.ON_HOLD, by=referent, resume_on=resume_on)
        assert case.resume_on == resume_on

    def test_newcomer_resumes_and_the_referent_is_told(self, in_progress_case, newcomer, referent):
        Case.objects.filter(pk=in_progress_case.pk).update(status=S.ON_HOLD)
        in_progress_case.refresh_from_db()
        case = workflow.transition(in_progress_case, S.IN_PROGRESS, by=newcomer)
        assert case.resume_on is None
        assert mails_to(referent.email) == [f"{case.applicant_name} reprend son accompagnement"]

    def test_installation_creates_the_professional_and_follow_ups(
        self, in_progress_case, referent, figeac
    ):
        installed_on = timezone.localdate()
        with pytest.raises(workflow.GuardFailed) as error:
            workflow.transition(in_progress_case, S.INSTALLED, by=referent)
        assert "Indiquez la commune d'installation." in error.value.messages
        case = workflow.transition(
            in_progress_case,
            S.INSTALLED,
            by=referent,
            installed_on=installed_on,
            commune=figeac,
            mode="liberal",
        )
        professional = Professional.objects.get(user=case.applicant)
        assert professional.source == "case" and professional.commune == figeac
        assert professional.practice_start == installed_on
        assert case.professional == professional
        follow_ups = list(case.steps.filter(due_on__isnull=False).order_by("due_on"))
        assert [s.title for s in follow_ups] == [
            "Point de suivi à 6 mois",
            "Point de suivi à 12 mois",
        ]
        assert (follow_ups[0].due_on.year * 12 + follow_ups[0].due_on.month) - (
            installed_on.year * 12 + installed_on.month
        ) == 6

    def test_close_after_installation(self, in_progress_case, referent, staff, figeac):
        case = workflow.transition(
            in_progress_case,
            S.INSTALLED,
            by=referent,
            installed_on=timezone.localdate(),
            commune=figeac,
            mode="liberal",
        )
        case = workflow.transition(case, S.CLOSED, by=staff)
        assert case.status == S.CLOSED and case.closed_at


class TestWithdrawAndReopen:
    @pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS, S.ON_HOLD])
    def test_newcomer_withdraws_any_open_case(self, newcomer, desk, gp, status, referent):
        case = CaseFactory(
            applicant=newcomer, desk=desk, profession=gp, status=status, referent=referent
        )
        case = workflow.transition(case, S.WITHDRAWN, by=newcomer)
        assert case.status == S.WITHDRAWN

    def test_withdrawn_case_cannot_be_withdrawn_again(self, submitted_case, newcomer):
        case = workflow.transition(submitted_case, S.WITHDRAWN, by=newcomer)
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.transition(case, S.WITHDRAWN, by=newcomer)

    def test_staff_reopen_with_a_reason(self, submitted_case, newcomer, staff):
        case = workflow.transition(submitted_case, S.WITHDRAWN, by=newcomer, reason="Report")
        with pytest.raises(workflow.GuardFailed):
            workflow.transition(case, S.SUBMITTED, by=staff)
        case = workflow.transition(case, S.SUBMITTED, by=staff, reason="Rappel du demandeur")
        assert case.status == S.SUBMITTED and case.referent is None

    def test_an_anonymised_case_is_never_reopened(self, submitted_case, newcomer, staff):
        case = workflow.transition(submitted_case, S.WITHDRAWN, by=newcomer, reason="Report")
        Case.objects.filter(pk=case.pk).update(anonymised_at=timezone.now())
        case.refresh_from_db()
        with pytest.raises(workflow.GuardFailed, match="anonymisé") as refused:
            workflow.transition(case, S.SUBMITTED, by=staff, reason="Rappel")
        assert refused.value.codes == ["anonymised"]
        case.refresh_from_db()
        assert case.status == S.WITHDRAWN


def test_a_stale_form_overwrites_nothing(submitted_case, staff, referent):
    seen_version = submitted_case.version
    workflow.transition(submitted_case, S.DECLINED, by=staff, reason="Hors champ")
    with pytest.raises(workflow.StaleCase, match="modifié entre-temps"):
        workflow.transition(
            submitted_case, S.ASSIGNED, by=staff, referent=referent, expected_version=seen_version
        )
    submitted_case.refresh_from_db()
    assert submitted_case.status == S.DECLINED and submitted_case.referent is None


def test_transitions_outside_the_table_are_refused(in_progress_case, staff):
    with pytest.raises(workflow.TransitionNotAllowed, match="ne peut pas passer"):
        workflow.transition(in_progress_case, S.DECLINED, by=staff, reason="x")


def test_allowed_transitions_per_actor(assigned_case, newcomer, referent, staff, other_staff):
    names = lambda user: sorted(t.name for t in workflow.allowed_transitions(assigned_case, user))  # noqa: E731
    assert names(newcomer) == ["withdraw"]
    assert names(referent) == ["start"]
    assert names(staff) == ["reassign"]
    assert names(other_staff) == []


def test_superuser_may_do_what_staff_do(submitted_case, superuser, referent):
    case = workflow.transition(submitted_case, S.ASSIGNED, by=superuser, referent=referent)
    assert case.referent == referent


def test_status_is_written_by_the_workflow_module_only():
    """Guard against a second writer of ``status`` creeping into the app."""
    import re
    from pathlib import Path

    writes = re.compile(r"\bcase\.status\s*=[^=]|Case\.objects\b[^\n]*\.update\([^)]*\bstatus=")
    root = Path(__file__).resolve().parents[2] / "installations"
    writers = [
        path.name
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        and path.name not in {"workflow.py", "demo.py"}
        and writes.search(path.read_text())
    ]
    assert writers == []
