"""Thin, idempotent tasks of the partners app."""

import logging

from celery import shared_task

from installations.tasks import TRANSIENT
from partners import requests as partner_requests

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def remind_partners():
    """Daily: one reminder to each partner late on a request, then one warning to its
    referent (``partners.requests.remind``)."""
    result = partner_requests.remind()
    logger.info(
        "Partenaires : %s rappel(s), %s référent(s) prévenu(s).",
        result.partners,
        result.referents,
    )
    return result.partners + result.referents
