"""Thin Celery tasks: take ids, call the service, safe to run twice."""

from celery import shared_task

from reporting import documents


@shared_task(acks_late=True, ignore_result=True)
def make_report_pdf(job_id: int) -> bool:
    return documents.run_job(job_id)
