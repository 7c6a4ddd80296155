"""Documents made off-request: one job row per document, claimed once by a worker, with its
progress, its file or its error; a page waits on it (``portal/_document_job.html`` and
``portal/job-progress.js``, which polls ``status_json``) and then offers the download.

An app subclasses ``DocumentJob`` with what its document is about (an event and a kind, a
desk and a period), asks for a job with ``job_for`` (a finished or running job on the same
data is reused: ``data_key`` fingerprints what the document shows), enqueues its task after
commit, and the task calls ``run`` with a function that makes the PDF bytes.
"""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import F
from django.http import FileResponse, Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.pdf import UNAVAILABLE_MESSAGE, PdfUnavailable


class JobStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    RUNNING = "running", _("en cours")
    DONE = "done", _("prêt")
    FAILED = "failed", _("échec")


def document_path(job, filename):
    return f"{job._meta.app_label}/documents/{uuid.uuid4().hex}.pdf"


class DocumentJob(models.Model):
    """A document being made (or made). ``total`` and ``done`` count the units of work
    (letters, pages) for the progress bar; ``filename`` names the download."""

    status = models.CharField(
        _("état"), max_length=8, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    data_key = models.CharField(_("empreinte des données"), max_length=64)
    total = models.PositiveIntegerField(_("à produire"), default=0)
    done = models.PositiveIntegerField(_("produits"), default=0)
    file = models.FileField(_("fichier"), upload_to=document_path, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def filename(self) -> str:
        raise NotImplementedError

    @property
    def percent(self):
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self):
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def failure_reason(self) -> str:
        """What the waiting page may tell of a failure: that this server cannot make PDFs.
        Any other error is for the technical team, not the reader."""
        return self.error if self.error == UNAVAILABLE_MESSAGE else ""

    def _row(self):
        return type(self)._default_manager.filter(pk=self.pk)

    def set_total(self, total: int) -> None:
        self.total = total
        self._row().update(total=total)

    def record_progress(self, done: int) -> None:
        """Written at once (outside any transaction) so that the waiting page sees it."""
        self.done = done
        self._row().update(done=done)


def job_for(model, *, data_key: str, about: dict, **fields) -> tuple[DocumentJob, bool]:
    """The job making the document ``about`` describes on data ``data_key``: a finished or
    running one is reused; else a new one (second value True), that the caller enqueues
    after commit."""
    existing = (
        model._default_manager.filter(data_key=data_key, **about)
        .exclude(status=JobStatus.FAILED)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing, False
    return model._default_manager.create(data_key=data_key, **about, **fields), True


def run(jobs, job_id: int, make) -> bool:
    """Make the document of job ``job_id`` (read through the ``jobs`` queryset, with what
    ``make`` needs selected): ``make(job)`` returns the PDF bytes and may record progress.
    Idempotent: a conditional update claims the job, a job already claimed or finished is
    left alone. Nothing is held in a transaction while the document is made."""
    row = jobs.model._default_manager.filter(pk=job_id)
    if (
        row.filter(status=JobStatus.PENDING).update(
            status=JobStatus.RUNNING, started_at=timezone.now()
        )
        != 1
    ):
        return False
    job = jobs.get(pk=job_id)
    try:
        pdf = make(job)
    except PdfUnavailable as exc:  # no retry mends a missing library: the page says so
        row.update(status=JobStatus.FAILED, error=str(exc), finished_at=timezone.now())
        return False
    except Exception as exc:  # a broken document must show as failed, not hang "running"
        row.update(status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    job.file.save(job.filename, ContentFile(pdf), save=False)
    row.update(
        file=job.file.name, status=JobStatus.DONE, done=F("total"), finished_at=timezone.now()
    )
    return True


def status_json(job: DocumentJob) -> JsonResponse:
    """What ``job-progress.js`` polls."""
    return JsonResponse(
        {
            "status": job.status,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.is_finished,
        }
    )


def download(job: DocumentJob) -> FileResponse:
    """The finished PDF as an attachment; 404 while it is not ready."""
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type="application/pdf",
    )
