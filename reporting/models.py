from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.document_jobs import DocumentJob
from territories.models import Desk


def report_filename(desk, start, end, extension: str) -> str:
    return f"bilan-{desk.slug}-{start:%Y%m%d}-{end:%Y%m%d}.{extension}"


class ReportJob(DocumentJob):
    """A desk's yearly report as PDF, made off-request (``portal.document_jobs``). ``exact``:
    with the exact figures (for the desk's staff) or the masked ones (for everyone else)."""

    desk = models.ForeignKey(
        Desk, verbose_name=_("guichet"), on_delete=models.CASCADE, related_name="+"
    )
    start = models.DateField(_("du"))
    end = models.DateField(_("au"))
    exact = models.BooleanField(_("chiffres exacts"), default=False)

    class Meta(DocumentJob.Meta):
        verbose_name = _("bilan à produire")
        verbose_name_plural = _("bilans à produire")
        indexes = [models.Index(fields=["desk", "data_key"], name="reportjob_key_idx")]

    def __str__(self):
        return f"{self.desk} — {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"

    @property
    def filename(self):
        return report_filename(self.desk, self.start, self.end, "pdf")
