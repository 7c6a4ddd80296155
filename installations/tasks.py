"""Thin, idempotent tasks: they take ids, reload, and call the domain functions."""

import logging

from celery import shared_task
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

from installations import reminders, welcome_pack

logger = logging.getLogger(__name__)

TRANSIENT = (
    DatabaseOperationalError,
    BrokerOperationalError,
    ConnectionError,
    TimeoutError,
    OSError,
)


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def daily_sweep():
    result = reminders.send_due()
    logger.info(
        "Relances : %s élément(s), %s e-mail(s) en %.2f s.",
        result.items,
        result.mails,
        result.seconds,
    )
    return result.items


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=False,
    max_retries=5,
)
def generate_welcome_pack(case_id: int, force_mail: bool = False):
    """Render the case's welcome pack if its content changed; retried on any failure (a
    render is pure and the store is keyed by content, so a retry never duplicates)."""
    pack = welcome_pack.generate(case_id)
    return pack.pk if pack else None


@shared_task(acks_late=True, ignore_result=True)
def refresh_welcome_packs():
    """Queue a pack refresh for every followed case that already has one: each task skips
    the render when the content hash has not changed."""
    for case_id in welcome_pack.cases_to_refresh():
        generate_welcome_pack.delay(case_id)
