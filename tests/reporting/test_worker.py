"""With the real broker and a real Celery worker (CI's PostgreSQL + Redis pass)."""

import pytest
from django.urls import reverse

from portal.document_jobs import JobStatus
from reporting import tasks
from reporting.models import ReportJob
from tests.worker import needs_worker, running_worker, wait_until

pytestmark = [
    needs_worker,
    pytest.mark.worker,
    pytest.mark.pdf,
    pytest.mark.django_db(transaction=True),
]


def test_the_report_pdf_is_made_by_the_worker_and_the_page_follows(client, staff, desk):
    client.force_login(staff)
    with running_worker() as worker:
        response = client.post(reverse("reporting:report_pdf", args=[desk.slug]))
        job = ReportJob.objects.get()
        assert wait_until(lambda: ReportJob.objects.get(pk=job.pk).status == JobStatus.DONE, 60)
        assert wait_until(lambda: worker.finished(tasks.make_report_pdf) == 1)
    page = client.get(response["Location"]).content.decode()
    assert "Le bilan est prêt." in page and "Télécharger le bilan (PDF)" in page
    download = reverse("reporting:report_pdf_download", args=[desk.slug, job.pk])
    assert b"".join(client.get(download).streaming_content).startswith(b"%PDF")
