"""Periodic jobs (Celery beat): thin and idempotent, the work is in ``services``."""

from celery import shared_task

from structures import services


@shared_task(acks_late=True)
def send_vacancy_alerts():
    """Daily: one mail per subscription with the vacancies published since its last look."""
    return services.send_vacancy_alerts()


@shared_task(acks_late=True)
def request_vacancy_confirmations():
    """Monthly: ask structures to confirm vacancies not confirmed for 60 days."""
    return services.request_confirmations()
