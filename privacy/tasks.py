"""Thin, idempotent tasks: the daily retention job (its rules live in ``privacy.retention``)."""

import logging

from celery import shared_task
from django.db import OperationalError as DatabaseOperationalError

from privacy import retention

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(DatabaseOperationalError, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def apply_retention():
    outcome = retention.apply_retention()
    logger.info(
        "Conservation : %s brouillon(s) supprimé(s), %s dossier(s) anonymisé(s), "
        "%s avertissement(s), %s adresse(s) IP d'accès des partenaires effacée(s), "
        "%s e-mail(s) ancien(s) dont le contenu est effacé.",
        len(outcome.deleted),
        len(outcome.anonymised),
        len(outcome.warned),
        outcome.ips_cleared,
        outcome.mail_bodies_erased,
    )
    return (
        len(outcome.deleted)
        + len(outcome.anonymised)
        + len(outcome.warned)
        + outcome.ips_cleared
        + outcome.mail_bodies_erased
    )
