"""The yearly report as PDF, made off-request by ``reporting.tasks.make_report_pdf`` and
reused while the figures it shows do not change (``portal.document_jobs``)."""

import hashlib
from datetime import date

from django.db import transaction
from django.utils import timezone

from portal import document_jobs
from portal.jobs import run_later
from portal.pdf import render_pdf
from reporting import report
from reporting.models import ReportJob
from reporting.observatory import demo_data_loaded

TEMPLATE = "reporting/report/report_pdf.html"


def data_key(desk, figures: report.Report, *, exact: bool) -> str:
    """A fingerprint of everything the PDF shows: the desk's name and the figures, as the
    reader may see them."""
    rows = list(report.csv_rows(figures, exact=exact))
    return hashlib.sha256(repr((desk.pk, desk.name, exact, rows)).encode()).hexdigest()


def request_pdf(desk, start: date, end: date, *, exact: bool, user) -> ReportJob:
    """The job making this report: one on the same figures is reused, else a new one is
    made and handed to a worker once the transaction commits."""
    figures = report.compute(desk, start, end)
    job, created = document_jobs.job_for(
        ReportJob,
        data_key=data_key(desk, figures, exact=exact),
        about={"desk": desk, "start": start, "end": end, "exact": exact},
        total=1,
        requested_by=user if user.is_authenticated else None,
    )
    if created:
        transaction.on_commit(lambda: run_later("reporting.tasks.make_report_pdf", job.pk))
    return job


def context(job: ReportJob) -> dict:
    figures = report.compute(job.desk, job.start, job.end)
    return {
        "desk": job.desk,
        "start": job.start,
        "end": job.end,
        "exact": job.exact,
        "sections": report.present(figures, exact=job.exact),
        "generated_on": timezone.localdate(),
        "demo_data": demo_data_loaded(),
    }


def run_job(job_id: int) -> bool:
    """Make the PDF of a job (once: see ``portal.document_jobs.run``)."""
    jobs = ReportJob.objects.select_related("desk")
    return document_jobs.run(jobs, job_id, lambda job: render_pdf(TEMPLATE, context(job)))
