"""Writes with side effects: offer alerts, confirmation requests, confirmations (the public
form's offers: ``structures.offers``)."""

from datetime import date, datetime

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from portal import pagecache
from portal.mail import send_templated
from structures.models import Vacancy, VacancyStatus, VacancySubscription

CONFIRM_SALT = "structures.vacancy-confirm"
CONFIRM_MAX_AGE = 45 * 24 * 3600  # a link stays valid until well after the next request


def subscribe(*, user, profession=None, kind="", department=None, epci=None) -> VacancySubscription:
    """One subscription per (user, profession, kind, territory); subscribing twice is
    harmless. ``kind`` empty: every kind of offer."""
    subscription, _created = VacancySubscription.objects.get_or_create(
        user=user, profession=profession, kind=kind or "", department=department, epci=epci
    )
    return subscription


def unsubscribe(*, user, subscription_id: int) -> bool:
    deleted, _ = VacancySubscription.objects.filter(user=user, pk=subscription_id).delete()
    return bool(deleted)


def send_vacancy_alerts(*, now: datetime | None = None) -> int:
    """For each subscription, one mail listing the open vacancies published since its last
    look; at most one mail a day (``dedup_key`` per subscription and day). Returns mails
    queued. Two queries whatever the number of subscriptions, plus one write per mail."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    subscriptions = list(
        VacancySubscription.objects.select_related("user", "profession", "department", "epci")
        .filter(user__is_active=True)
        .exclude(last_sent_on=today)
    )
    if not subscriptions:
        return 0
    since = min(subscription.checked_until for subscription in subscriptions)
    # An offer of the public form is listed when the desk publishes it, not when it was made.
    vacancies = list(
        Vacancy.objects.published()
        .annotate(listed_at=Coalesce("validated_at", "created_at"))
        .filter(listed_at__gt=since, listed_at__lte=now)
        .select_related("structure", "commune", "profession")
        .order_by("listed_at", "pk")
    )
    sent = 0
    for subscription in subscriptions:
        matching = [
            vacancy
            for vacancy in vacancies
            if vacancy.listed_at > subscription.checked_until and subscription.matches(vacancy)
        ]
        with transaction.atomic():
            if matching:
                send_templated(
                    to=subscription.user.email,
                    template="structures_vacancy_alert",
                    context={
                        "subscription": subscription,
                        "vacancies": matching,
                        "user": subscription.user,
                        "unsubscribe_path": reverse("structures:subscriptions"),
                    },
                    dedup_key=f"structures-alert-{subscription.pk}-{today.isoformat()}",
                )
                sent += 1
            VacancySubscription.objects.filter(pk=subscription.pk).update(
                checked_until=now, **({"last_sent_on": today} if matching else {})
            )
    return sent


def confirmation_token(vacancy: Vacancy) -> str:
    return signing.dumps({"v": vacancy.pk}, salt=CONFIRM_SALT, compress=True)


def vacancy_from_token(token: str) -> Vacancy | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Vacancy.objects.select_related("structure", "commune", "profession")
        .filter(pk=data.get("v"))
        .first()
    )


def confirmation_address(vacancy: Vacancy) -> str:
    """Who confirms an offer: its contact, else its structure's address."""
    if vacancy.contact_email:
        return vacancy.contact_email
    return vacancy.structure.email if vacancy.structure_id else ""


def request_confirmations(*, today: date | None = None) -> int:
    """Ask each unconfirmed offer's contact (else its structure) to confirm it: once a month
    at most per offer (``dedup_key`` per offer and month). Returns how many were asked."""
    today = today or timezone.localdate()
    vacancies = (
        Vacancy.objects.unconfirmed(today)
        .filter(~Q(contact_email="") | (Q(structure__isnull=False) & ~Q(structure__email="")))
        .select_related("structure", "commune", "profession")
    )
    asked = 0
    for vacancy in vacancies:
        path = reverse("structures:vacancy_confirm", kwargs={"token": confirmation_token(vacancy)})
        with transaction.atomic():
            send_templated(
                to=confirmation_address(vacancy),
                template="structures_vacancy_confirm",
                context={"vacancy": vacancy, "confirm_path": path},
                dedup_key=f"structures-confirm-{vacancy.pk}-{today:%Y-%m}",
            )
        asked += 1
    return asked


def confirm_vacancy(*, vacancy: Vacancy, still_open: bool, today: date | None = None) -> Vacancy:
    """The structure says the vacancy is still open (confirmed today) or filled."""
    today = today or timezone.localdate()
    if still_open:
        Vacancy.objects.filter(pk=vacancy.pk).update(confirmed_on=today)
        vacancy.confirmed_on = today
    else:
        Vacancy.objects.filter(pk=vacancy.pk).update(
            status=VacancyStatus.FILLED, updated_at=timezone.now()
        )
        vacancy.status = VacancyStatus.FILLED
    pagecache.bump("structures")  # update() sends no signal
    return vacancy
