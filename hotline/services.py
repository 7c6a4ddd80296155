"""The hotline log: turn a call into a draft case for the caller, pre-filled."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hotline.models import HotlineRecord
from installations import services, timeline
from installations.enums import EventKind
from installations.kinds import CaseKind, CaseOrigin
from installations.models import Case
from portal.mail import send_templated
from portal.roles import Role, role_of


class HotlineError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


def _caller_account(record):
    email = record.caller_email.strip().lower()
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(
            email=email,
            first_name=record.caller_first_name,
            last_name=record.caller_last_name,
            phone=record.caller_phone,
            role=Role.NEWCOMER,
        )
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
        return user, True
    if role_of(user) != Role.NEWCOMER:
        raise HotlineError(_("Cette adresse appartient à un compte de l'équipe ou d'un référent."))
    return user, False


def to_draft_case(record, *, by) -> Case:
    """A draft case for the caller, pre-filled from the record, linked to it. The caller gets
    a mail to finish and send it (after choosing a password if the account is new)."""
    if record.case_id:
        raise HotlineError(_("Cet appel est déjà lié à un dossier."))
    if not record.caller_email:
        raise HotlineError(
            _("L'adresse e-mail de l'appelant est nécessaire pour lui préparer un dossier.")
        )
    with transaction.atomic():
        locked = HotlineRecord.objects.select_for_update().get(pk=record.pk)
        if locked.case_id:
            raise HotlineError(_("Cet appel est déjà lié à un dossier."))
        user, new_account = _caller_account(locked)
        existing = services.open_case_for(user, locked.profession)
        if existing is not None and existing.desk_id not in (None, locked.desk_id):
            # Another desk follows that case: a note there would cross desks.
            raise HotlineError(
                _(
                    "L'appelant a déjà un dossier en cours pour cette profession, suivi par "
                    "un autre guichet : notez l'appel ici sans préparer de brouillon."
                )
            )
        if existing is not None:
            case = existing
            timeline.record(
                case,
                EventKind.NOTE,
                actor=by,
                body=_("Appel à la permanence le %(date)s : %(subject)s")
                % {"date": _date(locked), "subject": locked.subject},
            )
        else:
            case = Case.objects.create(
                applicant=user,
                kind=locked.request_kind or CaseKind.INFORMATION,
                origin=CaseOrigin.HOTLINE,
                first_name=locked.caller_first_name,
                last_name=locked.caller_last_name,
                phone=locked.caller_phone,
                contact_preference="phone" if locked.caller_phone else "email",
                profession=locked.profession,
                project_text=locked.subject,
                needs_details=locked.answer,
            )
            timeline.record(
                case,
                EventKind.CREATED,
                actor=by,
                is_public=True,
                body=_(
                    "Brouillon préparé par le guichet après votre appel du %(date)s : "
                    "complétez-le puis envoyez-le."
                )
                % {"date": _date(locked)},
                details={"hotline_record": locked.pk},
            )
            send_templated(
                to=user.email,
                template="hotline_draft",
                context={
                    "case": case,
                    "record": locked,
                    "new_account": new_account,
                    "desk": locked.desk,
                    "desk_name": locked.desk.name,
                    "url": settings.SITE_URL
                    + reverse("installations:request_step", kwargs={"pk": case.pk, "step": "vous"}),
                    "password_url": settings.SITE_URL + reverse("account_reset_password"),
                },
                dedup_key=f"hotline-draft-{locked.pk}",
            )
        locked.case = case
        locked.save(update_fields=["case"])
    record.case = case
    return case


def _date(record):
    return timezone.localtime(record.received_at).strftime("%d/%m/%Y")
