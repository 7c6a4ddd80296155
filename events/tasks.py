"""Thin Celery tasks: take ids, call the service, safe to run twice."""

from celery import shared_task

from events import documents, services, survey


@shared_task(acks_late=True, ignore_result=True)
def send_invitations(event_id: int) -> int:
    return services.send_invitations(event_id)


@shared_task(acks_late=True, ignore_result=True)
def deliver_message(message_id: int) -> int:
    return services.deliver_message(message_id)


@shared_task(acks_late=True, ignore_result=True)
def make_document(job_id: int) -> bool:
    return documents.run_job(job_id)


@shared_task(acks_late=True, ignore_result=True)
def send_event_reminders() -> int:
    """Beat, hourly: reminders seven days and one day before (each sent once), and events
    whose end has passed marked done."""
    services.close_past_events()
    return services.send_reminders()


@shared_task(acks_late=True, ignore_result=True)
def send_surveys() -> int:
    """Beat, daily: the satisfaction survey to the guests who came, the day after each event
    (once per event, each mail with its dedup key)."""
    return survey.send_due_surveys()
