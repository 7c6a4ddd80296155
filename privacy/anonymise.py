"""Anonymisation: what the portal keeps of a person once their data must go.

``anonymise_cases`` takes a queryset of cases and, in a fixed number of set-based UPDATEs
(whatever the number of cases), removes names, contacts, free texts and messages (the
questions to partners and their threads too, their links revoked), and hands the cases to one
placeholder account, while keeping what the yearly report counts
(``reporting.report.compute``: status, dates, profession, desk, kind, origin, communes, the
installation's commune and structure, the training site, housing allocations). Each case is
marked ``anonymised_at``: a second run finds nothing to do.

``anonymise_account`` does the same for one account and what hangs on it (invitations,
ambassador profile, hotline records by e-mail, mail sent to it), then makes the account unusable.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import CharField, DateTimeField, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from ambassadors.models import Ambassador, Introduction
from events.models import Invitation
from hotline.models import HotlineRecord
from installations.enums import EventKind
from installations.models import Case, CaseEvent
from partners.models import PartnerMessage, PartnerRequest, SlotOutcome
from portal.models import OutgoingMail
from students.models import HousingRequest
from welcome.models import WelcomePack

PLACEHOLDER_EMAIL = "anonyme@portail.invalid"
ANONYMOUS = "Anonyme"
ANONYMISED_SUBJECT = "Échange anonymisé"


def placeholder_user():
    """The one inactive account that anonymised cases belong to (no password, no sign-in)."""
    user, _created = get_user_model().objects.get_or_create(
        email=PLACEHOLDER_EMAIL,
        defaults={"is_active": False, "password": make_password(None)},
    )
    return user


def _pk_text(prefix):
    return Concat(Value(prefix), Cast("pk", CharField()), output_field=CharField())


def anonymise_cases(cases, *, now=None) -> int:
    """Anonymise the cases of ``cases`` not yet anonymised; returns how many were."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(cases.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
        if not ids:
            return 0
        placeholder = placeholder_user()
        Case.objects.filter(pk__in=ids).update(
            applicant=placeholder,
            civility="",
            first_name="",
            last_name="",
            phone="",
            rpps="",
            faculty="",
            needs_details="",
            project_text="",
            anonymised_at=now,
        )
        CaseEvent.objects.filter(case_id__in=ids).update(body="")
        # Status lines keep which transition happened; messages, notes and mails lose all.
        CaseEvent.objects.filter(case_id__in=ids).exclude(kind=EventKind.STATUS).update(details={})
        HousingRequest.objects.filter(case_id__in=ids).update(notes="")
        Introduction.objects.filter(case_id__in=ids).update(
            newcomer_token=_pk_text("anonymise-n-"), ambassador_token=_pk_text("anonymise-a-")
        )
        HotlineRecord.objects.filter(case_id__in=ids).update(
            caller_first_name="",
            caller_last_name="",
            caller_email="",
            caller_phone="",
            subject=ANONYMISED_SUBJECT,
            answer="",
        )
        # Partners: the questions and their threads lose their text, each link is revoked
        # and its secret replaced (an old link answers 410), what a partner noted at a
        # single appointment goes; dates, statuses and steps stay for the yearly report.
        PartnerRequest.objects.filter(case_id__in=ids).update(
            question="",
            context="",
            token_secret=_pk_text("anonymise-"),
            revoked_at=Coalesce("revoked_at", Value(now), output_field=DateTimeField()),
        )
        PartnerMessage.objects.filter(request__case_id__in=ids).update(body="", author_name="")
        SlotOutcome.objects.filter(slot__case_id__in=ids).update(note="")
        packs = WelcomePack.objects.filter(case_id__in=ids)
        files = [name for name in packs.values_list("file", flat=True) if name]
        packs.delete()
    # The livrets name the person: their files go too, once the rows are gone for good.
    if files:
        storage = WelcomePack._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return len(ids)


def anonymise_account(user, *, now=None) -> None:
    """Anonymise everything the portal holds about ``user`` and make the account unusable.
    Open cases must have been withdrawn (or drafts deleted) before: see ``privacy.account``."""
    now = now or timezone.now()
    email = user.email
    with transaction.atomic():
        anonymise_cases(Case.objects.filter(applicant=user), now=now)
        Invitation.objects.filter(Q(user=user) | Q(email__iexact=email)).update(
            user=None,
            professional=None,
            first_name="",
            last_name=ANONYMOUS,
            email="",
            profession_label="",
            structure_label="",
            search_name=ANONYMOUS.lower(),
            token=_pk_text("anonyme-"),
        )
        Ambassador.objects.filter(Q(user=user) | Q(email__iexact=email)).update(
            user=None,
            first_name="",
            last_name=ANONYMOUS,
            email="",
            phone="",
            presentation="",
            consent_at=None,
            is_active=False,
        )
        HotlineRecord.objects.filter(caller_email__iexact=email).update(
            caller_first_name="",
            caller_last_name="",
            caller_email="",
            caller_phone="",
            subject=ANONYMISED_SUBJECT,
            answer="",
        )
        OutgoingMail.objects.filter(to__iexact=email).delete()
        user.emailaddress_set.all().delete()
        user.authenticator_set.all().delete()
        get_user_model().objects.filter(pk=user.pk).update(
            email=Concat(
                Value("compte-supprime-"), Cast("pk", CharField()), Value("@anonyme.invalid")
            ),
            first_name="",
            last_name="",
            phone="",
            is_active=False,
            password=make_password(None),
            last_login=None,
        )
    user.refresh_from_db()
