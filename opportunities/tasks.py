"""Thin, idempotent tasks: they take ids, reload, and call ``opportunities.services``."""

import logging

from celery import shared_task

from installations.models import Case
from installations.tasks import TRANSIENT
from opportunities import services
from structures.models import Vacancy

logger = logging.getLogger(__name__)

RETRIES = {
    "acks_late": True,
    "ignore_result": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(**RETRIES)
def match_offer(vacancy_id):
    """Asked by ``structures.offers.publish_offer`` once an offer is published."""
    vacancy = (
        Vacancy.objects.select_related("commune__epci", "profession").filter(pk=vacancy_id).first()
    )
    if vacancy is None:
        return 0
    found = services.match_offer(vacancy)
    logger.info("Offre %s : %s dossier(s) correspondant(s).", vacancy_id, found)
    return found


@shared_task(**RETRIES)
def match_case(case_id):
    """Asked by the case's submission (``installations.workflow``)."""
    case = Case.objects.select_related("profession").filter(pk=case_id).first()
    if case is None:
        return 0
    found = services.match_case(case)
    logger.info("Dossier %s : %s offre(s) correspondante(s).", case_id, found)
    return found


@shared_task(**RETRIES)
def notify_matches():
    """Daily: one mail per newcomer with new matches (``dedup_key`` per newcomer and day)."""
    sent = services.notify_matches()
    logger.info("Correspondances annoncées : %s e-mail(s).", sent)
    return sent
