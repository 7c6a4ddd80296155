"""Thin, idempotent tasks: they take ids, reload, and call the domain functions."""

import logging

from celery import shared_task
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

from installations import reminders

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
