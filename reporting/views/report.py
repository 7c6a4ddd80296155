"""The desk's yearly report: page with charts and tables, CSV, and PDF (asked for, made by a
worker, waited on, downloaded)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from portal import document_jobs, ratelimit
from portal.csv import csv_response
from portal.pdf import UNAVAILABLE_MESSAGE, pdf_available
from reporting import documents, report
from reporting.forms import ReportPeriodForm
from reporting.models import ReportJob, report_filename
from reporting.observatory import demo_data_loaded
from reporting.views.desks import chosen_desk_redirect, desk_and_choices

PDF_REQUESTS_PER_HOUR = 30


def _build(request, slug):
    desk, desks = desk_and_choices(request, slug)
    form = ReportPeriodForm(request.GET or None)
    start, end = form.period()
    exact = report.sees_exact_figures(request.user, desk)
    figures = report.compute(desk, start, end)
    return {
        "desk": desk,
        "desks": desks,
        "form": form,
        "start": start,
        "end": end,
        "exact": exact,
        "figures": figures,
        "sections": report.present(figures, exact=exact),
        "query": request.GET.urlencode(),
        "demo_data": demo_data_loaded(),
    }


def report_page(request, slug=None):
    if slug is None and (chosen := chosen_desk_redirect(request, "reporting:report_desk")):
        return chosen
    return render(request, "reporting/report/report.html", _build(request, slug))


def report_csv(request, slug):
    context = _build(request, slug)
    return csv_response(
        report.csv_rows(context["figures"], exact=context["exact"]),
        filename=report_filename(context["desk"], context["start"], context["end"], "csv"),
    )


def report_pdf(request, slug):
    """POST: the PDF of the report for the period is asked for; the answer is the page that
    waits on it. GET (an old link) shows the report itself."""
    if request.method != "POST":
        url = reverse("reporting:report_desk", args=[slug])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    desk, _desks = desk_and_choices(request, slug)
    if not pdf_available():
        messages.error(request, UNAVAILABLE_MESSAGE)
        start, end = ReportPeriodForm(request.POST).period()
        url = reverse("reporting:report_desk", args=[desk.slug])
        return redirect(f"{url}?du={start.isoformat()}&au={end.isoformat()}")
    key = request.user.pk if request.user.is_authenticated else ratelimit.client_ip(request)
    if not ratelimit.hit("report-pdf", key, PDF_REQUESTS_PER_HOUR, 3600):
        return ratelimit.limited(request)
    start, end = ReportPeriodForm(request.POST).period()
    exact = report.sees_exact_figures(request.user, desk)
    job = documents.request_pdf(desk, start, end, exact=exact, user=request.user)
    return redirect("reporting:report_pdf_job", slug=desk.slug, job_pk=job.pk)


def _job_for(request, slug, job_pk) -> ReportJob:
    """A job of an active desk; one with exact figures only for those who may see them."""
    job = get_object_or_404(
        ReportJob.objects.select_related("desk"),
        pk=job_pk,
        desk__slug=slug,
        desk__is_active=True,
    )
    if job.exact and not report.sees_exact_figures(request.user, job.desk):
        raise Http404
    return job


@never_cache
def report_pdf_job(request, slug, job_pk):
    job = _job_for(request, slug, job_pk)
    return render(request, "reporting/report/pdf_job.html", {"job": job, "desk": job.desk})


@never_cache
def report_pdf_status(request, slug, job_pk):
    return document_jobs.status_json(_job_for(request, slug, job_pk))


def report_pdf_download(request, slug, job_pk):
    response = document_jobs.download(_job_for(request, slug, job_pk))
    response["Cache-Control"] = "private, no-store"
    return response
