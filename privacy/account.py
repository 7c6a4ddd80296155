"""Deleting one's account: open cases withdrawn through the workflow, drafts deleted, then
everything about the person anonymised (``privacy.anonymise``); the desk keeps its figures."""

from django.db import transaction

from installations import workflow
from installations.enums import OPEN_STATES, CaseStatus
from installations.models import Case
from portal.roles import Role, role_of
from privacy.anonymise import anonymise_account

WITHDRAWAL_REASON = "Compte supprimé à la demande de la personne."


def may_delete_own_account(user) -> bool:
    """Newcomers only: a desk member's account carries the desk's work (their desk removes it)."""
    return user.is_authenticated and role_of(user) == Role.NEWCOMER


def open_cases_of(user):
    return Case.objects.filter(applicant=user, status__in=OPEN_STATES).exclude(
        status=CaseStatus.DRAFT
    )


def delete_account(user) -> None:
    """Withdraw the person's open cases (the referent is told, as for any withdrawal), delete
    their drafts, then anonymise the account and what hangs on it."""
    with transaction.atomic():
        for case in open_cases_of(user).order_by("pk"):
            workflow.transition(
                case, CaseStatus.WITHDRAWN, by=user, name="withdraw", reason=WITHDRAWAL_REASON
            )
        Case.objects.filter(applicant=user, status=CaseStatus.DRAFT).delete()
        anonymise_account(user)
