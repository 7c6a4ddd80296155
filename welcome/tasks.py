"""Thin, idempotent tasks of the welcome pack: they take ids, reload, and call ``welcome.pack``."""

import logging

from celery import shared_task

from portal.pdf import PdfUnavailable
from welcome import pack as welcome_pack

logger = logging.getLogger(__name__)


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
    try:
        pack = welcome_pack.generate(case_id)
    except PdfUnavailable as exc:  # no retry mends it; `manage.py check` says it (portal.W001)
        logger.warning("Livret d'accueil du dossier %s non préparé : %s", case_id, exc)
        return None
    return pack.pk if pack else None


@shared_task(acks_late=True, ignore_result=True)
def refresh_welcome_packs():
    """Queue a pack refresh for every followed case that already has one: each task skips
    the render when the content hash has not changed."""
    for case_id in welcome_pack.cases_to_refresh():
        generate_welcome_pack.delay(case_id)
