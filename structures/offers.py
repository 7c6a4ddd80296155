"""Offers made without an account: the public form's submission, the e-mail confirmation, the
desk's validation (publish or refuse) and the offerer's personal edit link.

An offer from the public form waits « à valider » (``PENDING``). Its contact confirms the
address by the link mailed at once; only then is the desk of the offer's commune told. The
desk publishes (the offer goes ``OPEN`` and matching is asked for) or refuses it, and the
offerer is mailed either way.

The personal links are signed with ``django.core.signing`` under a salt that includes the
offer's ``secret``: ``Vacancy.secret = new_secret()`` revokes every link already sent.

Editing through the personal link keeps a published offer published. What the public lists
filter on and the matching reads (kind, profession, commune) and the contact e-mail (which
was confirmed) are not editable there: changing them is a new offer or a word to the desk.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import pagecache
from portal.images import clean_image
from portal.jobs import run_later
from portal.mail import send_templated
from structures.models import CONDITION_FIELDS, Vacancy, VacancyPhoto, VacancyStatus
from territories.models import Desk

logger = logging.getLogger(__name__)

EMAIL_SALT = "structures.offer-email"
EMAIL_MAX_AGE = 7 * 24 * 3600
EDIT_SALT = "structures.offer-edit"
EDIT_MAX_AGE = 400 * 24 * 3600  # a year and some: an offer lives long, its link with it
MATCH_TASK = "opportunities.tasks.match_offer"

# What the offerer may change on the personal link (see the module's docstring).
EDITABLE_FIELDS = (
    "title",
    "offerer_name",
    "contact_name",
    "contact_phone",
    "contact_public",
    *CONDITION_FIELDS,
    "description",
)
# The end states an offerer may choose on the personal link.
OFFERER_END_STATES = (VacancyStatus.FILLED, VacancyStatus.CLOSED)


class OfferError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


# --- Signed links ---------------------------------------------------------------------------
def _token(vacancy: Vacancy, salt: str) -> str:
    """``<pk>.<signed>``: the pk finds the offer, whose secret is part of the salt."""
    signed = signing.dumps({"v": vacancy.pk}, salt=f"{salt}:{vacancy.secret}", compress=True)
    return f"{vacancy.pk}.{signed}"


@dataclass(frozen=True)
class TokenCheck:
    vacancy: Vacancy | None
    expired: bool = False


def _check(token: str, salt: str, max_age: int) -> TokenCheck:
    pk, _sep, signed = (token or "").partition(".")
    if not pk.isdigit() or len(pk) > 18 or not signed:
        return TokenCheck(None)
    vacancy = (
        Vacancy.objects.select_related("structure", "commune", "profession").filter(pk=pk).first()
    )
    if vacancy is None:
        return TokenCheck(None)
    try:
        data = signing.loads(signed, salt=f"{salt}:{vacancy.secret}", max_age=max_age)
    except signing.SignatureExpired:
        return TokenCheck(None, expired=True)
    except signing.BadSignature:
        return TokenCheck(None)
    if not isinstance(data, dict) or data.get("v") != vacancy.pk:
        return TokenCheck(None)
    return TokenCheck(vacancy)


def email_token(vacancy: Vacancy) -> str:
    return _token(vacancy, EMAIL_SALT)


def vacancy_from_email_token(token: str) -> TokenCheck:
    return _check(token, EMAIL_SALT, EMAIL_MAX_AGE)


def edit_token(vacancy: Vacancy) -> str:
    return _token(vacancy, EDIT_SALT)


def vacancy_from_edit_token(token: str) -> TokenCheck:
    """The offer a personal edit link opens; ``expired`` when the signature is right but old."""
    return _check(token, EDIT_SALT, EDIT_MAX_AGE)


def edit_url(vacancy: Vacancy) -> str:
    return settings.SITE_URL + reverse(
        "structures:offer_edit", kwargs={"token": edit_token(vacancy)}
    )


def desk_for(vacancy: Vacancy):
    """The desk of the offer's commune (the one that validates it), or None."""
    return Desk.objects.for_commune(vacancy.commune) if vacancy.commune_id else None


# --- Submission and confirmation ------------------------------------------------------------
def _add_photos(vacancy: Vacancy, uploads, *, captions=()) -> int:
    """Checked and re-encoded by ``portal.images`` (the form checked them already: a second
    look costs nothing and keeps this function safe on its own)."""
    start = vacancy.photos.count()
    room = VacancyPhoto.MAX_PER_OFFER - start
    added = 0
    for position, upload in enumerate(list(uploads)[: max(room, 0)], start=start):
        caption = captions[position - start] if position - start < len(captions) else ""
        VacancyPhoto.objects.create(
            vacancy=vacancy,
            image=clean_image(upload, name="photo.png"),
            caption=caption[:160],
            position=position,
        )
        added += 1
    return added


def submit_offer(*, photos=(), **fields) -> Vacancy:
    """The public form's offer: saved ``PENDING``, its contact asked to confirm the address.
    ``fields`` are ``Vacancy`` fields (the form's cleaned data)."""
    with transaction.atomic():
        vacancy = Vacancy(**fields)
        vacancy.status = VacancyStatus.PENDING
        vacancy.structure = None
        vacancy.save()
        _add_photos(vacancy, photos)
        path = reverse("structures:offer_email_confirm", kwargs={"token": email_token(vacancy)})
        send_templated(
            to=vacancy.contact_email,
            template="structures_offer_confirm_email",
            context={
                "vacancy": vacancy,
                "desk": desk_for(vacancy),
                "url": settings.SITE_URL + path,
            },
            dedup_key=f"structures-offer-email-{vacancy.pk}",
        )
    return vacancy


def confirm_offer_email(vacancy: Vacancy) -> bool:
    """The contact clicked the link: the address is confirmed and, the first time, the desk
    of the commune is told an offer awaits validation. True when this call confirmed it."""
    now = timezone.now()
    with transaction.atomic():
        confirmed = (
            Vacancy.objects.filter(pk=vacancy.pk, email_confirmed_at__isnull=True).update(
                email_confirmed_at=now
            )
            == 1
        )
        if not confirmed:
            return False
        vacancy.email_confirmed_at = now
        desk = desk_for(vacancy)
        if vacancy.status == VacancyStatus.PENDING and desk is not None and desk.email:
            admin_path = reverse("admin:structures_vacancy_change", args=[vacancy.pk])
            send_templated(
                to=desk.email,
                template="structures_offer_to_validate",
                context={"vacancy": vacancy, "desk": desk, "url": settings.SITE_URL + admin_path},
                dedup_key=f"structures-offer-to-validate-{vacancy.pk}",
            )
    return True


# --- The desk's validation ------------------------------------------------------------------
def _ask_matching(vacancy_id: int) -> None:
    """Matching is the opportunities app's (by name: structures cannot import it). A broker
    down or a task not deployed yet must not undo a publication: logged, the desk's page of
    matches can run it again."""
    try:
        run_later(MATCH_TASK, vacancy_id)
    except Exception:  # any broker or import error: the offer stays published
        logger.exception("Recherche des correspondances de l'offre %s non lancée.", vacancy_id)


def publish_offer(vacancy: Vacancy, by) -> Vacancy:
    """« Valider et publier »: a pending (or refused) offer goes online, published and
    confirmed today; its contact is mailed with the personal edit link; matching is asked
    for once the transaction commits."""
    if vacancy.status not in (VacancyStatus.PENDING, VacancyStatus.REFUSED):
        raise OfferError(_("Cette offre n'est pas à valider."))
    if (
        vacancy.status == VacancyStatus.PENDING
        and vacancy.contact_email
        and not (vacancy.email_confirmed_at)
    ):
        raise OfferError(_("L'offreur n'a pas encore confirmé son adresse e-mail."))
    now = timezone.now()
    with transaction.atomic():
        vacancy.status = VacancyStatus.OPEN
        vacancy.validated_at = now
        vacancy.validated_by = by
        vacancy.published_on = vacancy.confirmed_on = timezone.localdate(now)
        vacancy.save(
            update_fields=[
                "status",
                "validated_at",
                "validated_by",
                "published_on",
                "confirmed_on",
                "updated_at",
            ]
        )
        if vacancy.contact_email:
            send_templated(
                to=vacancy.contact_email,
                template="structures_offer_published",
                context={"vacancy": vacancy, "desk": desk_for(vacancy), "url": edit_url(vacancy)},
                dedup_key=f"structures-offer-published-{vacancy.pk}",
            )
        transaction.on_commit(lambda: _ask_matching(vacancy.pk))
    return vacancy


def refuse_offer(vacancy: Vacancy, by, reason: str) -> Vacancy:
    """« Refuser »: the offer is not published; its contact is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise OfferError(_("Indiquez le motif du refus : il est envoyé à l'offreur."))
    if vacancy.status != VacancyStatus.PENDING:
        raise OfferError(_("Seule une offre à valider peut être refusée."))
    with transaction.atomic():
        vacancy.status = VacancyStatus.REFUSED
        vacancy.save(update_fields=["status", "updated_at"])
        if vacancy.contact_email:
            send_templated(
                to=vacancy.contact_email,
                template="structures_offer_refused",
                context={"vacancy": vacancy, "desk": desk_for(vacancy), "reason": reason},
                dedup_key=f"structures-offer-refused-{vacancy.pk}",
            )
    return vacancy


# --- The offerer's personal link ------------------------------------------------------------
def edit_offer(vacancy: Vacancy, *, changes: dict, photos=(), remove_photo_ids=()) -> Vacancy:
    """The offerer's edit: conditions and contact (``EDITABLE_FIELDS``), photos added or
    removed. A published offer stays published and counts as confirmed today."""
    if vacancy.status not in (VacancyStatus.PENDING, VacancyStatus.OPEN):
        raise OfferError(_("Cette offre n'est plus en ligne : elle ne se modifie plus."))
    with transaction.atomic():
        for name in EDITABLE_FIELDS:
            if name in changes:
                setattr(vacancy, name, changes[name])
        if vacancy.status == VacancyStatus.OPEN:
            vacancy.confirmed_on = timezone.localdate()
        vacancy.save()
        removed = [pk for pk in remove_photo_ids if str(pk).isdigit()]
        if removed:
            for photo in vacancy.photos.filter(pk__in=removed):
                photo.image.delete(save=False)
                photo.delete()
        _add_photos(vacancy, photos)
    return vacancy


def end_offer(vacancy: Vacancy, *, status: str) -> Vacancy:
    """The offerer marks the offer « pourvu » or « retiré »: it leaves the public lists."""
    if status not in OFFERER_END_STATES:
        raise OfferError(_("Choisissez « pourvue » ou « retirée »."))
    if vacancy.status not in (VacancyStatus.PENDING, VacancyStatus.OPEN):
        raise OfferError(_("Cette offre n'est déjà plus en ligne."))
    vacancy.status = status
    vacancy.save(update_fields=["status", "updated_at"])
    pagecache.bump("structures")
    return vacancy
