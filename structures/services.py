"""Writes with side effects: vacancy alerts, confirmation requests, confirmations."""

from datetime import date, datetime

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import pagecache
from portal.mail import send_templated
from structures.models import Vacancy, VacancyStatus, VacancySubscription

CONFIRM_SALT = "structures.vacancy-confirm"
CONFIRM_MAX_AGE = 45 * 24 * 3600  # a link stays valid until well after the next request


def subscribe(*, user, profession=None, department=None, epci=None) -> VacancySubscription:
    """One subscription per (user, profession, territory); subscribing twice is harmless."""
    subscription, _created = VacancySubscription.objects.get_or_create(
        user=user, profession=profession, department=department, epci=epci
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
    vacancies = list(
        Vacancy.objects.published()
        .filter(created_at__gt=since, created_at__lte=now)
        .select_related("structure__commune", "profession")
        .order_by("created_at")
    )
    sent = 0
    for subscription in subscriptions:
        matching = [
            vacancy
            for vacancy in vacancies
            if vacancy.created_at > subscription.checked_until and subscription.matches(vacancy)
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
        Vacancy.objects.select_related("structure", "profession").filter(pk=data.get("v")).first()
    )


def request_confirmations(*, today: date | None = None) -> int:
    """Ask each unconfirmed vacancy's structure contact to confirm it: once a month at most
    per vacancy (``dedup_key`` per vacancy and month). Returns how many were asked."""
    today = today or timezone.localdate()
    vacancies = (
        Vacancy.objects.unconfirmed(today)
        .exclude(structure__email="")
        .select_related("structure", "profession")
    )
    asked = 0
    for vacancy in vacancies:
        path = reverse("structures:vacancy_confirm", kwargs={"token": confirmation_token(vacancy)})
        with transaction.atomic():
            send_templated(
                to=vacancy.structure.email,
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
        Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.FILLED)
        vacancy.status = VacancyStatus.FILLED
    pagecache.bump("structures")  # update() sends no signal
    return vacancy
